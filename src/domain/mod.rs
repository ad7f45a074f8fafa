//! The rules of the product, in plain Rust: no web framework, no database.

pub mod activity;
pub mod audit;
pub mod clock;
pub mod customer;
pub mod eligibility;
pub mod gdap;
pub mod ids;
pub mod partner;
pub mod password;
pub mod rate_limit;
pub mod relationship;
pub mod request;
pub mod states;
pub mod subscription;
pub mod text;
pub mod throttle;
pub mod user;

pub use clock::{Clock, FixedClock, SystemClock};
pub use customer::Customer;
pub use ids::{GdapId, SubscriptionId, TenantId};
pub use partner::{Partner, PartnerKind, SupportProfile};
pub use subscription::{Access, Parties, Subscription, SubscriptionStatus};
pub use user::{Organization, Role, User};
