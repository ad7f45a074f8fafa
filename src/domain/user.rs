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
    /// A partner's admin agent: the one role that changes what the
    /// partner manages (support contacts, subscriptions, relationships,
    /// resellers, users). Helpdesk agents see the same pages and change nothing.
    pub fn is_admin_agent(&self) -> bool {
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
        assert!(user.is_admin_agent());
        user.role = Role::HelpdeskAgent;
        assert!(!user.is_admin_agent());
        user.organization = Organization::Customer(TenantId::new_random());
        user.role = Role::CustomerAdmin;
        assert!(!user.is_admin_agent());
    }

    #[test]
    fn roles_round_trip() {
        for role in [Role::AdminAgent, Role::HelpdeskAgent, Role::CustomerAdmin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }
}

/// The role that administers an organization's users.
pub fn admin_role(organization: &Organization) -> Role {
    match organization {
        Organization::Partner(_) => Role::AdminAgent,
        Organization::Customer(_) => Role::CustomerAdmin,
    }
}

/// Whether a change would leave the organization without an enabled admin,
/// so that nobody could manage its users any more.
pub fn leaves_no_admin(members: &[User], target: i32, new_role: Role, disabled: bool) -> bool {
    let Some(first) = members.first() else {
        return false;
    };
    let admin = admin_role(&first.organization);
    !members.iter().any(|u| {
        let (role, off) = if u.id == target {
            (new_role, disabled)
        } else {
            (u.role, u.disabled)
        };
        role == admin && !off
    })
}

#[cfg(test)]
mod admin_tests {
    use super::*;

    fn member(id: i32, role: Role, disabled: bool) -> User {
        User {
            id,
            email: format!("u{id}@contoso.example"),
            display_name: format!("U{id}"),
            organization: Organization::Partner(
                TenantId::parse("6b1f3a52-8c7e-4d21-9f0a-3c5e7d9b1a01").unwrap(),
            ),
            role,
            disabled,
            session_epoch: 0,
        }
    }

    #[test]
    fn the_last_enabled_admin_cannot_be_demoted_or_disabled() {
        let members = vec![
            member(1, Role::AdminAgent, false),
            member(2, Role::HelpdeskAgent, false),
        ];
        assert!(leaves_no_admin(&members, 1, Role::HelpdeskAgent, false));
        assert!(leaves_no_admin(&members, 1, Role::AdminAgent, true));
        assert!(!leaves_no_admin(&members, 2, Role::HelpdeskAgent, true));
        assert!(!leaves_no_admin(&members, 2, Role::AdminAgent, false));
    }

    #[test]
    fn a_second_admin_makes_it_possible() {
        let members = vec![
            member(1, Role::AdminAgent, false),
            member(2, Role::AdminAgent, false),
        ];
        assert!(!leaves_no_admin(&members, 1, Role::HelpdeskAgent, false));
        let one_disabled = vec![
            member(1, Role::AdminAgent, false),
            member(2, Role::AdminAgent, true),
        ];
        assert!(leaves_no_admin(&one_disabled, 1, Role::AdminAgent, true));
    }
}
