//! What the browser test found, collected across every page and told at the
//! end in one message.

use std::fmt;
use std::path::{Path, PathBuf};

use support_contacts::i18n::Lang;

/// The kinds of check, in the order the report gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Check {
    /// A flow could not go on: a page did not come, or lacked what a person uses.
    Flow,
    Console,
    Overflow,
    Axe,
    Html,
    Focus,
}

impl Check {
    const ALL: [Check; 6] = [
        Check::Flow,
        Check::Console,
        Check::Overflow,
        Check::Axe,
        Check::Html,
        Check::Focus,
    ];

    fn title(self) -> &'static str {
        match self {
            Check::Flow => "Flows that could not be completed",
            Check::Console => "Browser console errors",
            Check::Overflow => "Pages wider than the window (horizontal overflow)",
            Check::Axe => "Accessibility violations (axe-core, WCAG 2.0/2.1 A and AA)",
            Check::Html => "HTML errors (Nu Html Checker, served HTML)",
            Check::Focus => "Keyboard focus without a visible indicator",
        }
    }
}

/// One page as one person saw it: which flow, which page, how wide, which language.
#[derive(Clone, Debug)]
pub struct PageView {
    pub flow: &'static str,
    pub page: &'static str,
    pub width: u32,
    pub lang: Lang,
}

impl PageView {
    /// The stem of its screenshot's file name.
    pub fn file_stem(&self) -> String {
        format!(
            "{}-{}-{}-{}",
            self.flow,
            self.page,
            self.width,
            self.lang.tag()
        )
    }
}

impl fmt::Display for PageView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{} at {} px, {}",
            self.flow,
            self.page,
            self.width,
            self.lang.tag()
        )
    }
}

#[derive(Debug)]
pub struct Problem {
    pub check: Check,
    pub at: String,
    pub details: String,
}

/// A page's HTML as the server sent it, saved for the Nu Html Checker.
pub struct SavedHtml {
    pub path: PathBuf,
    /// The page, for the report: flow, page and language.
    pub at: String,
}

#[derive(Default)]
pub struct Findings {
    pub problems: Vec<Problem>,
    pub html: Vec<SavedHtml>,
    /// Pages checked, counting each width and language.
    pub views: usize,
    /// Elements the keyboard's focus stopped on, each checked for a visible indicator.
    pub focus_stops: usize,
}

impl Findings {
    pub fn add(&mut self, check: Check, at: impl fmt::Display, details: impl Into<String>) {
        self.problems.push(Problem {
            check,
            at: at.to_string(),
            details: details.into(),
        });
    }

    /// Every problem, by check and then by what it says, each with where it
    /// was seen; `None` when there is none.
    pub fn report(&self) -> Option<String> {
        if self.problems.is_empty() {
            return None;
        }
        let mut out = format!(
            "the browser test found {} problem(s) in {} page views:\n",
            self.problems.len(),
            self.views
        );
        for check in Check::ALL {
            let of_check: Vec<&Problem> =
                self.problems.iter().filter(|p| p.check == check).collect();
            if of_check.is_empty() {
                continue;
            }
            out.push_str(&format!("\n{} ({}):\n", check.title(), of_check.len()));
            // The same finding on several pages is said once, with every page.
            let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
            for problem in of_check {
                match groups.iter_mut().find(|(d, _)| *d == problem.details) {
                    Some((_, ats)) => ats.push(&problem.at),
                    None => groups.push((&problem.details, vec![&problem.at])),
                }
            }
            for (details, ats) in groups {
                if let [at] = ats.as_slice() {
                    out.push_str(&format!("  - {at}: {details}\n"));
                } else {
                    out.push_str(&format!("  - {details}\n"));
                    out.push_str(&format!("      on {}\n", ats.join("; ")));
                }
            }
        }
        Some(out)
    }
}

/// `target/screenshots` (of `CARGO_TARGET_DIR` when set), made if needed,
/// without the screenshots and pages of an earlier run.
pub fn output_dir() -> std::io::Result<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(|dir| manifest.join(dir))
        .unwrap_or_else(|| manifest.join("target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir)?;
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "png" || e == "html") {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(dir)
}
