//! Every word the product shows comes from the message files in
//! `templates/locales/<lang>/main.ftl` (Project Fluent), looked up by id from
//! the templates through [`Tr`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Display;

use chrono::{Datelike, NaiveDateTime, Timelike};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};
use unic_langid::langid;

static_loader! {
    static LOCALES = {
        locales: "./templates/locales",
        fallback_language: "en-US",
        // Isolation marks would show up in HTML attributes and in copied text.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN_US: LanguageIdentifier = langid!("en-US");
static ZH_TW: LanguageIdentifier = langid!("zh-TW");

/// The languages the product speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    ZhTw,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhTw];

    /// The value kept in the language cookie and sent by the switcher.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en-US",
            Self::ZhTw => "zh-TW",
        }
    }

    /// The `<html lang>` value.
    pub fn html_lang(self) -> &'static str {
        match self {
            Self::En => "en-US",
            Self::ZhTw => "zh-Hant-TW",
        }
    }

    /// The language's own name, for the switcher (never translated).
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::ZhTw => "繁體中文",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Self::En => &EN_US,
            Self::ZhTw => &ZH_TW,
        }
    }

    pub fn from_tag(raw: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(raw.trim()))
    }

    /// The best of our languages for one language range of `Accept-Language`.
    fn match_range(range: &str) -> Option<Self> {
        let range = range.trim().to_ascii_lowercase();
        let primary = range.split(['-', '_']).next().unwrap_or("");
        match primary {
            "en" => Some(Self::En),
            // Traditional Chinese is what we have for every Chinese reader.
            "zh" => Some(Self::ZhTw),
            _ => None,
        }
    }

    /// Picks the language from an `Accept-Language` header, by q-value then
    /// order; English when nothing matches.
    pub fn negotiate(accept_language: &str) -> Self {
        let mut ranges: Vec<(f32, usize, &str)> = accept_language
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let range = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                (!range.is_empty() && q > 0.0).then_some((q, i, range))
            })
            .collect();
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranges
            .into_iter()
            .find_map(|(_, _, range)| Self::match_range(range))
            .unwrap_or_default()
    }
}

/// Whole numbers of any width, as templates hand them over (often by reference).
pub trait Whole {
    fn whole(&self) -> i64;
}

macro_rules! whole {
    ($($t:ty),*) => {$(
        impl Whole for $t {
            fn whole(&self) -> i64 {
                i64::try_from(*self).unwrap_or(i64::MAX)
            }
        }
    )*};
}
whole!(i32, i64, u32, usize);

impl<T: Whole + ?Sized> Whole for &T {
    fn whole(&self) -> i64 {
        (**self).whole()
    }
}

/// Message lookups for one language, handed to every template.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    fn lookup(
        &self,
        id: &str,
        args: Option<&HashMap<Cow<'static, str>, FluentValue<'_>>>,
    ) -> String {
        LOCALES
            .try_lookup_complete(self.lang.id(), id, args)
            .unwrap_or_else(|| {
                tracing::error!(message_id = id, lang = self.lang.tag(), "missing message");
                id.to_owned()
            })
    }

    /// The message `id`.
    pub fn get(&self, id: &str) -> String {
        self.lookup(id, None)
    }

    /// The message `id` with one argument.
    pub fn a1(&self, id: &str, k: &str, v: impl Display) -> String {
        self.with(id, [(k, v.to_string())])
    }

    /// The message `id` with two arguments.
    pub fn a2(&self, id: &str, k1: &str, v1: impl Display, k2: &str, v2: impl Display) -> String {
        self.with(id, [(k1, v1.to_string()), (k2, v2.to_string())])
    }

    /// The message `id` with three arguments.
    #[allow(clippy::too_many_arguments)]
    pub fn a3(
        &self,
        id: &str,
        k1: &str,
        v1: impl Display,
        k2: &str,
        v2: impl Display,
        k3: &str,
        v3: impl Display,
    ) -> String {
        self.with(
            id,
            [
                (k1, v1.to_string()),
                (k2, v2.to_string()),
                (k3, v3.to_string()),
            ],
        )
    }

    /// The message `id` with four arguments.
    #[allow(clippy::too_many_arguments)]
    pub fn a4(
        &self,
        id: &str,
        k1: &str,
        v1: impl Display,
        k2: &str,
        v2: impl Display,
        k3: &str,
        v3: impl Display,
        k4: &str,
        v4: impl Display,
    ) -> String {
        self.with(
            id,
            [
                (k1, v1.to_string()),
                (k2, v2.to_string()),
                (k3, v3.to_string()),
                (k4, v4.to_string()),
            ],
        )
    }

    /// The message `id` with a number `$count`, for plural forms.
    pub fn count(&self, id: &str, count: impl Whole) -> String {
        let count = count.whole();
        let mut args = HashMap::new();
        args.insert(Cow::Borrowed("count"), FluentValue::from(count));
        self.lookup(id, Some(&args))
    }

    /// The message `id` with a number `$count` and one more argument.
    pub fn count1(&self, id: &str, count: impl Whole, k: &str, v: impl Display) -> String {
        let mut args = HashMap::new();
        args.insert(Cow::Borrowed("count"), FluentValue::from(count.whole()));
        args.insert(Cow::Owned(k.to_owned()), FluentValue::from(v.to_string()));
        self.lookup(id, Some(&args))
    }

    fn with<const N: usize>(&self, id: &str, pairs: [(&str, String); N]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = pairs
            .into_iter()
            .map(|(k, v)| (Cow::Owned(k.to_owned()), FluentValue::from(v)))
            .collect();
        self.lookup(id, Some(&args))
    }

    /// A UTC time, written the way this language writes dates. The page's
    /// script turns it into the viewer's own time zone.
    pub fn time(&self, at: &NaiveDateTime) -> String {
        match self.lang {
            Lang::En => at.format("%Y-%m-%d %H:%M UTC").to_string(),
            Lang::ZhTw => format!(
                "{}年{}月{}日 {:02}:{:02} UTC",
                at.year(),
                at.month(),
                at.day(),
                at.hour(),
                at.minute()
            ),
        }
    }

    /// The same time for `<time datetime>`.
    pub fn iso(&self, at: &NaiveDateTime) -> String {
        at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// A whole number with digit grouping.
    pub fn number(&self, n: impl Whole) -> String {
        let n = n.whole();
        let digits = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_our_best_language() {
        assert_eq!(Lang::negotiate("zh-TW,zh;q=0.9,en-US;q=0.8"), Lang::ZhTw);
        assert_eq!(Lang::negotiate("en-GB,en;q=0.9"), Lang::En);
        assert_eq!(
            Lang::negotiate("fr-FR, zh-Hant;q=0.5, en;q=0.4"),
            Lang::ZhTw
        );
        assert_eq!(Lang::negotiate("en;q=0.2, zh-HK;q=0.8"), Lang::ZhTw);
        assert_eq!(Lang::negotiate("de, fr"), Lang::En);
        assert_eq!(Lang::negotiate(""), Lang::En);
        assert_eq!(Lang::negotiate("zh;q=0, en"), Lang::En);
        assert_eq!(Lang::negotiate(";;;,,q=abc"), Lang::En);
    }

    #[test]
    fn tags_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag("zh-tw"), Some(Lang::ZhTw));
        assert_eq!(Lang::from_tag("klingon"), None);
    }

    #[test]
    fn messages_are_looked_up_without_isolation_marks() {
        let en = Tr::new(Lang::En);
        let zh = Tr::new(Lang::ZhTw);
        assert_eq!(en.get("nav-customers"), "Customers");
        assert_eq!(zh.get("nav-customers"), "客戶");
        let with_arg = en.a1("flash-contact-unchanged", "name", "Contoso");
        assert!(with_arg.contains("Contoso") && !with_arg.contains('\u{2068}'));
    }

    #[test]
    fn times_and_numbers_follow_the_language() {
        let at = NaiveDateTime::parse_from_str("2026-03-02 09:30:00", "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(Tr::new(Lang::En).time(&at), "2026-03-02 09:30 UTC");
        assert_eq!(Tr::new(Lang::ZhTw).time(&at), "2026年3月2日 09:30 UTC");
        assert_eq!(Tr::new(Lang::En).iso(&at), "2026-03-02T09:30:00Z");
        assert_eq!(Tr::new(Lang::En).number(1234567), "1,234,567");
        assert_eq!(Tr::new(Lang::En).number(-1000), "-1,000");
        assert_eq!(Tr::new(Lang::En).number(999), "999");
    }
}

/// The message files must stay complete: every id a template uses exists in
/// every language, and the languages hold the same ids.
#[cfg(test)]
mod completeness;
