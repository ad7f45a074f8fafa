use super::TenantId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub tenant_id: TenantId,
    pub company_name: String,
    pub domain: String,
    pub country: String,
}

/// What a partner types to find customers: matched, case-insensitively,
/// anywhere in a company name or a domain. Letters with accents are other
/// letters ("e" does not find "é"), as the search indexes see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    folded: String,
}

impl Search {
    pub fn new(typed: &str) -> Self {
        Self {
            folded: typed.to_lowercase(),
        }
    }

    pub fn matches(&self, company_name: &str, domain: &str) -> bool {
        company_name.to_lowercase().contains(&self.folded)
            || domain.to_lowercase().contains(&self.folded)
    }
}

#[cfg(test)]
mod tests {
    use super::Search;

    #[test]
    fn a_search_matches_part_of_the_name_or_domain_in_any_case() {
        let wide = Search::new("WIDE wor");
        assert!(wide.matches("Wide World Importers", "wwi.example"));
        assert!(Search::new("importers.onMICROSOFT").matches("WWI", "importers.onmicrosoft.com"));
        assert!(!wide.matches("World Wide", "wide.example"));
    }

    #[test]
    fn a_search_folds_case_in_every_script_but_keeps_accents() {
        assert!(Search::new("ÉCOLE").matches("école du Nord", "nord.example"));
        assert!(Search::new("é").matches("École", "x.example"));
        assert!(!Search::new("ecole").matches("École", "x.example"));
    }
}
