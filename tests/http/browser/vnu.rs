//! The served HTML of every page, checked by the Nu Html Checker in one run
//! of Java.

use std::process::Command;

use anyhow::{Context, bail};
use serde_json::Value;

use super::report::{Check, Findings};
use super::tools::Tools;

/// Errors become problems; warnings are printed.
pub fn check(tools: &Tools, findings: &mut Findings) -> anyhow::Result<()> {
    if findings.html.is_empty() {
        return Ok(());
    }
    let output = Command::new(&tools.java)
        // A short run: the quick compiler alone halves the checker's time,
        // and its deeper frames need a larger stack than the default.
        .args(["-Xss4m", "-XX:TieredStopAtLevel=1", "-jar"])
        .arg(&tools.vnu)
        .args(["--format", "json", "--stdout", "--exit-zero-always"])
        .args(findings.html.iter().map(|saved| &saved.path))
        .output()
        .with_context(|| {
            format!(
                "running {} -jar {}",
                tools.java.display(),
                tools.vnu.display()
            )
        })?;
    if !output.status.success() {
        bail!(
            "the Nu Html Checker failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let answer: Value = serde_json::from_slice(&output.stdout).with_context(|| {
        format!(
            "the Nu Html Checker's answer is not JSON: {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })?;
    let mut warnings = Vec::new();
    for message in answer["messages"].as_array().into_iter().flatten() {
        let file = message["url"].as_str().unwrap_or_default();
        let at = findings
            .html
            .iter()
            .find(|saved| {
                saved
                    .path
                    .file_name()
                    .is_some_and(|name| file.ends_with(&*name.to_string_lossy()))
            })
            .map(|saved| saved.at.clone())
            .unwrap_or_else(|| file.to_owned());
        let at = match message["lastLine"].as_u64() {
            Some(line) => format!("{at}, line {line}"),
            None => at,
        };
        let text = message["message"].as_str().unwrap_or_default();
        let extract = message["extract"]
            .as_str()
            .map(|e| format!(" [{}]", e.split_whitespace().collect::<Vec<_>>().join(" ")))
            .unwrap_or_default();
        match (message["type"].as_str(), message["subType"].as_str()) {
            (Some("error" | "non-document-error"), _) => {
                findings.add(Check::Html, at, format!("{text}{extract}"));
            }
            (Some("info"), Some("warning")) => warnings.push(format!("{at}: {text}{extract}")),
            _ => {}
        }
    }
    if !warnings.is_empty() {
        eprintln!("The Nu Html Checker's warnings (they do not fail the test):");
        for warning in warnings {
            eprintln!("  - {warning}");
        }
    }
    Ok(())
}
