use super::TenantId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub tenant_id: TenantId,
    pub company_name: String,
    pub domain: String,
    pub country: String,
}
