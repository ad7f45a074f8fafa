//! The programs the browser test drives, where `.ci/run` puts them or where
//! the environment says they are.

use std::path::{Path, PathBuf};

pub struct Tools {
    pub chromedriver: PathBuf,
    pub chromium: PathBuf,
    /// `axe.min.js` of the pinned axe-core.
    pub axe: PathBuf,
    /// `vnu.jar` of the pinned Nu Html Checker.
    pub vnu: PathBuf,
    pub java: PathBuf,
}

impl Tools {
    /// Every tool, or what is missing, each said with where it was looked for.
    pub fn find() -> Result<Self, Vec<String>> {
        let checkers = std::env::var_os("SUPPORT_CONTACTS_BROWSER_CHECKERS")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/browser/node_modules")
            });
        let install = "npm ci --prefix .ci/browser --ignore-scripts";
        let mut missing = Vec::new();
        let mut found = |what: &str, path: Option<PathBuf>, looked: String| match path {
            Some(path) if path.is_file() => Some(path),
            _ => {
                missing.push(format!("{what} ({looked})"));
                None
            }
        };
        let chromedriver = found(
            "chromedriver",
            program(
                "SUPPORT_CONTACTS_CHROMEDRIVER",
                "/usr/bin/chromedriver",
                "chromedriver",
            ),
            "apt-get install chromium-driver, or set SUPPORT_CONTACTS_CHROMEDRIVER".into(),
        );
        let chromium = found(
            "chromium",
            program("SUPPORT_CONTACTS_CHROMIUM", "/usr/bin/chromium", "chromium"),
            "apt-get install chromium, or set SUPPORT_CONTACTS_CHROMIUM".into(),
        );
        let axe_path = checkers.join("axe-core/axe.min.js");
        let axe = found(
            "axe-core",
            Some(axe_path.clone()),
            format!("{}: {install}", axe_path.display()),
        );
        let vnu_path = checkers.join("vnu-jar/build/dist/vnu.jar");
        let vnu = found(
            "vnu.jar",
            Some(vnu_path.clone()),
            format!("{}: {install}", vnu_path.display()),
        );
        let java = found(
            "java",
            std::env::var_os("JAVA_HOME")
                .map(|home| PathBuf::from(home).join("bin/java"))
                .filter(|path| path.is_file())
                .or_else(|| on_path("java")),
            "apt-get install default-jre-headless, or set JAVA_HOME".into(),
        );
        match (chromedriver, chromium, axe, vnu, java) {
            (Some(chromedriver), Some(chromium), Some(axe), Some(vnu), Some(java)) => Ok(Self {
                chromedriver,
                chromium,
                axe,
                vnu,
                java,
            }),
            _ => Err(missing),
        }
    }
}

/// The program named by `variable`, else at `usual`, else `name` on the PATH.
fn program(variable: &str, usual: &str, name: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable) {
        return Some(PathBuf::from(path));
    }
    let usual = PathBuf::from(usual);
    if usual.is_file() {
        return Some(usual);
    }
    on_path(name)
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
}
