use super::TenantId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A partner user who changes support contacts.
    AdminAgent,
    /// A partner user who sees the same pages and changes nothing.
    HelpdeskAgent,
    /// A global admin of a customer tenant.
    CustomerAdmin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AdminAgent => "admin_agent",
            Self::HelpdeskAgent => "helpdesk_agent",
            Self::CustomerAdmin => "customer_admin",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "admin_agent" => Some(Self::AdminAgent),
            "helpdesk_agent" => Some(Self::HelpdeskAgent),
            "customer_admin" => Some(Self::CustomerAdmin),
            _ => None,
        }
    }
}

/// The organization a user belongs to: exactly one partner or one customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Organization {
    Partner(TenantId),
    Customer(TenantId),
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub organization: Organization,
    pub role: Role,
    pub disabled: bool,
    pub session_epoch: i32,
}

impl User {
    pub fn may_change_support_contacts(&self) -> bool {
        matches!(
            (&self.organization, self.role),
            (Organization::Partner(_), Role::AdminAgent)
        )
    }
}

/// Emails are compared without regard to case or surrounding spaces.
pub fn normalize_email(raw: &str) -> String {
    raw.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized() {
        assert_eq!(
            normalize_email("  Admin@Contoso-Distribution.Example "),
            "admin@contoso-distribution.example"
        );
    }

    #[test]
    fn only_partner_admin_agents_change_contacts() {
        let mut user = User {
            id: 1,
            email: "a@b.example".into(),
            display_name: "A".into(),
            organization: Organization::Partner(TenantId::new_random()),
            role: Role::AdminAgent,
            disabled: false,
            session_epoch: 0,
        };
        assert!(user.may_change_support_contacts());
        user.role = Role::HelpdeskAgent;
        assert!(!user.may_change_support_contacts());
        user.organization = Organization::Customer(TenantId::new_random());
        user.role = Role::CustomerAdmin;
        assert!(!user.may_change_support_contacts());
    }

    #[test]
    fn roles_round_trip() {
        for role in [Role::AdminAgent, Role::HelpdeskAgent, Role::CustomerAdmin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }
}
