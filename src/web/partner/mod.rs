pub mod activity;
pub mod api_keys;
pub mod changes;
pub mod customer;
pub mod customers;
pub mod dashboard;
pub mod default_contact;
pub mod gdap;
pub mod gdap_request;
pub mod relationship;
pub mod relationships;
pub mod requests;
pub mod resellers;
pub mod review;
pub mod subscription;
pub mod support_profile;

use crate::domain::{SubscriptionId, TenantId};
use crate::error::AppError;

/// Path segments are ids: anything that is not a GUID does not exist.
pub fn tenant_from_path(raw: &str) -> Result<TenantId, AppError> {
    TenantId::parse(raw).map_err(|_| AppError::NotFound)
}

pub fn subscription_from_path(raw: &str) -> Result<SubscriptionId, AppError> {
    SubscriptionId::parse(raw).map_err(|_| AppError::NotFound)
}
