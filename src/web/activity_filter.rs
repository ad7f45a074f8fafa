//! The filter of a partner's Activity and of a customer's Audit, as a GET
//! form: its fields as sent (shown again as typed), the links that keep
//! it, the kind select's groups, and the words both pages share.

use crate::app::read::activity::{Paging, Total};
use crate::domain::activity::{ChangeKind, Cursor};
use crate::i18n::Tr;

/// The filter's fields as sent, shown again as typed. `scope` is what the
/// first field narrows to: a customer name prefix on a partner's Activity,
/// a subscription id on a customer's Audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterForm {
    /// The first field's name in the query string.
    pub scope_name: &'static str,
    pub scope: String,
    pub kind: String,
    pub from: String,
    pub to: String,
}

impl FilterForm {
    /// The filter's fields and the page's cursors from a query string: the
    /// first of each name; a query string that is not one is an empty
    /// filter (the page as it opens), and `page=` of older links is ignored.
    pub fn from_query(scope_name: &'static str, query: &str) -> (Self, Option<Paging>) {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        let find = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let form = Self {
            scope_name,
            scope: find(scope_name),
            kind: find("kind"),
            from: find("from"),
            to: find("to"),
        };
        // A cursor that is not one shows the newest page.
        let paging = match (
            Cursor::parse(&find("after")),
            Cursor::parse(&find("before")),
        ) {
            (Some(c), _) => Some(Paging::Older(c)),
            (None, Some(c)) => Some(Paging::Newer(c)),
            (None, None) => None,
        };
        (form, paging)
    }

    /// The query string of this filter (fields left empty left out), then
    /// `extra`.
    fn query(&self, extra: Option<(&str, String)>) -> String {
        let mut pairs: Vec<(&str, String)> = [
            (self.scope_name, self.scope.trim()),
            ("kind", self.kind.trim()),
            ("from", self.from.trim()),
            ("to", self.to.trim()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.to_owned()))
        .collect();
        pairs.extend(extra);
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    /// `path` with this filter, then `extra`.
    pub fn link(&self, path: &str, extra: Option<(&str, String)>) -> String {
        let query = self.query(extra);
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        }
    }

    /// Anything but the page as it opens.
    pub fn narrows(&self) -> bool {
        [&self.scope, &self.kind, &self.from, &self.to]
            .iter()
            .any(|v| !v.is_empty())
    }

    pub fn kind_selected(&self, value: &str) -> bool {
        self.kind.trim() == value
    }
}

/// A date field's type: a date picker, or text for what was typed when it
/// is not a date (a date input cannot hold it, and the filter is shown as
/// it was sent).
pub fn date_type(raw: &str) -> &'static str {
    let raw = raw.trim();
    if raw.is_empty() || chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").is_ok() {
        "date"
    } else {
        "text"
    }
}

/// "N changes", or "more than N" past the count's bound.
pub fn total_words(t: &Tr, total: &Total) -> String {
    match *total {
        Total::Exactly(n) => t.count1("activity-total", n, "number", t.number(n)),
        Total::MoreThan(n) => t.a1("activity-total-more", "number", t.number(n)),
    }
}

/// One choice of the kind select.
pub struct KindChoice {
    pub value: &'static str,
    pub label: String,
}

/// A group of the kind select.
pub struct KindGroup {
    pub label: String,
    pub choices: Vec<KindChoice>,
}

/// The kind select's groups, in the viewer's language, from the kinds of
/// each group.
pub fn groups(
    t: &Tr,
    kinds: impl IntoIterator<Item = (String, Vec<ChangeKind>)>,
) -> Vec<KindGroup> {
    kinds
        .into_iter()
        .map(|(label, kinds)| KindGroup {
            label,
            choices: kinds
                .into_iter()
                .map(|kind| KindChoice {
                    value: kind.as_str(),
                    label: super::partner::changes::kind_label(t, kind),
                })
                .collect(),
        })
        .collect()
}
