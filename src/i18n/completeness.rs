//! Every message a template uses exists in every language, and every
//! message is used.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use fluent_syntax::ast::Entry;
use fluent_templates::fluent_bundle::FluentResource;

/// A lookup's opening; its message id is the string literal that follows,
/// on the same line or, where rustfmt broke the call, the next.
const LOOKUPS: [&str; 7] = [
    ".get(", ".count1(", ".a1(", ".a2(", ".a3(", ".a4(", ".count(",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("templates")
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// Message ids named by the templates' lookups, and by the Rust code
/// that words messages itself (the flash messages, changes, the Activity,
/// Audit and Relationships exports and their filters' words, notices).
fn used_ids() -> BTreeSet<String> {
    let mut templates = Vec::new();
    files(&root(), "html", &mut templates);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for words_itself in [
        "web/flash.rs",
        "web/partner/changes.rs",
        "web/partner/activity.rs",
        "web/partner/relationships.rs",
        "web/admin/activity.rs",
        "web/activity_filter.rs",
        "web/gdap/mod.rs",
        // Notices, in the product and by e-mail.
        "app/notify.rs",
        "mail.rs",
        "web/notifications.rs",
        // The API's refusal names the same reason as the page, in the same words.
        "api/support_contact.rs",
    ] {
        templates.push(src.join(words_itself));
    }
    let mut ids = BTreeSet::new();
    for path in templates {
        let text = std::fs::read_to_string(&path).unwrap();
        for lookup in LOOKUPS {
            for (at, _) in text.match_indices(lookup) {
                let Some(rest) = text[at + lookup.len()..].trim_start().strip_prefix('"') else {
                    continue;
                };
                let id = &rest[..rest.find('"').unwrap()];
                ids.insert(id.to_owned());
            }
        }
    }
    ids
}

fn defined_ids(lang: &str) -> BTreeSet<String> {
    let path = root().join("locales").join(lang).join("main.ftl");
    let source = std::fs::read_to_string(&path).unwrap();
    let resource = FluentResource::try_new(source)
        .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", path.display()));
    resource
        .entries()
        .filter_map(|entry| match entry {
            Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

#[test]
fn every_message_a_template_uses_exists_in_every_language() {
    let used = used_ids();
    assert!(
        used.len() > 100,
        "the scan finds the lookups ({} found)",
        used.len()
    );
    for lang in super::Lang::ALL {
        let defined = defined_ids(lang.tag());
        let missing: Vec<_> = used.difference(&defined).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", lang.tag());
    }
}

#[test]
fn the_languages_hold_the_same_messages() {
    let english = defined_ids("en-US");
    let chinese = defined_ids("zh-TW");
    let only_en: Vec<_> = english.difference(&chinese).collect();
    let only_zh: Vec<_> = chinese.difference(&english).collect();
    assert!(
        only_en.is_empty() && only_zh.is_empty(),
        "only en-US: {only_en:?}; only zh-TW: {only_zh:?}"
    );
}

#[test]
fn every_message_is_used() {
    let used = used_ids();
    let unused: Vec<_> = defined_ids("en-US")
        .into_iter()
        .filter(|id| !used.contains(id))
        .collect();
    assert!(unused.is_empty(), "messages no template uses: {unused:?}");
}
