//! Figures, and the report in Markdown (BENCHMARKS.md quotes it).

use std::collections::BTreeMap;
use std::time::Duration;

use super::Options;
use super::run::Role;

/// A page and the paths its workers open, in turn.
pub struct Page {
    pub name: &'static str,
    pub role: Role,
    pub paths: Vec<String>,
    /// Whether the ceiling server serves it too (every page it measures does today).
    pub bare: bool,
}

impl Page {
    pub fn new(name: &'static str, role: Role, paths: Vec<String>) -> Self {
        Self {
            name,
            role,
            paths,
            bare: true,
        }
    }
}

/// What one label's requests did in one window.
#[derive(Default)]
pub struct Stats {
    latencies: Vec<Duration>,
    pub errors: usize,
    first_error: Option<String>,
    pub elapsed: Duration,
}

impl Stats {
    pub fn record<T>(&mut self, took: Duration, outcome: Result<T, String>) {
        match outcome {
            Ok(_) => self.latencies.push(took),
            Err(e) => {
                self.errors += 1;
                self.first_error.get_or_insert(e);
            }
        }
    }

    /// Adds a later slice of the same measurement: its requests and its time.
    pub fn extend(&mut self, other: Stats) {
        self.elapsed += other.elapsed;
        self.merge(other);
    }

    pub fn merge(&mut self, other: Stats) {
        self.latencies.extend(other.latencies);
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }

    pub fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The `q` quantile in milliseconds (nearest rank).
    pub fn quantile(&self, q: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let mut sorted = self.latencies.clone();
        sorted.sort_unstable();
        let rank = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
        sorted[rank].as_secs_f64() * 1000.0
    }
}

pub struct Measured {
    pub name: &'static str,
    pub product: Stats,
    pub ceiling: Option<Stats>,
    /// The ratio of each round alone (product slice ÷ the ceiling slice
    /// that followed it): how much the figure moved during the run.
    pub round_ratios: Vec<f64>,
}

impl Measured {
    pub fn ratio(&self) -> Option<f64> {
        self.ceiling
            .as_ref()
            .map(|c| self.product.per_second() / c.per_second())
    }

    /// The ratio over all rounds, then the lowest and highest single round.
    fn ratio_cell(&self) -> String {
        let Some(ratio) = self.ratio() else {
            return "–".to_owned();
        };
        let low = self.round_ratios.iter().copied().reduce(f64::min);
        let high = self.round_ratios.iter().copied().reduce(f64::max);
        match (low, high) {
            (Some(low), Some(high)) if self.round_ratios.len() > 1 => {
                format!("{ratio:.2} ({low:.2}–{high:.2})")
            }
            _ => format!("{ratio:.2}"),
        }
    }
}

pub struct Report {
    pub size: usize,
    pub customers: usize,
    pub resellers: usize,
    pub built_in: Duration,
    pub pages: Vec<Measured>,
    pub flows: BTreeMap<&'static str, Stats>,
    pub storm_alone: BTreeMap<&'static str, Stats>,
    pub storm: BTreeMap<&'static str, Stats>,
    pub mixed: BTreeMap<&'static str, Stats>,
    pub bulk: Option<(usize, Duration)>,
    pub peak_memory: Option<f64>,
    pub start_up: Duration,
}

impl Report {
    pub fn failures(&self) -> usize {
        let pages: usize = self
            .pages
            .iter()
            .map(|m| m.product.errors + m.ceiling.as_ref().map_or(0, |c| c.errors))
            .sum();
        let others: usize = [&self.flows, &self.storm_alone, &self.storm, &self.mixed]
            .iter()
            .flat_map(|m| m.values())
            .map(|s| s.errors)
            .sum();
        pages + others
    }

    fn errors(&self) -> Vec<String> {
        let pages = self.pages.iter().flat_map(|m| {
            std::iter::once(&m.product)
                .chain(m.ceiling.as_ref())
                .filter_map(|s| s.first_error.clone())
        });
        let others = [&self.flows, &self.storm_alone, &self.storm, &self.mixed]
            .into_iter()
            .flat_map(|m| m.values())
            .filter_map(|s| s.first_error.clone());
        pages.chain(others).collect()
    }
}

fn ms(v: f64) -> String {
    if v.is_nan() {
        "–".to_owned()
    } else {
        format!("{v:.1}")
    }
}

pub fn print(options: &Options, reports: &[Report]) {
    let database = if options.postgres.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "\n# Load: {database}, {} connections, {:.1} s per measurement\n",
        options.connections, options.seconds
    );
    for r in reports {
        print_one(r, database);
    }
    if let [small, .., large] = reports {
        print_growth(small, large);
    }
    for r in reports {
        for e in r.errors() {
            println!("error at {} subscriptions: {e}", r.size);
        }
    }
}

fn print_one(r: &Report, database: &str) {
    println!(
        "## {} subscriptions ({} customers, {} more resellers), {database}\n",
        r.size, r.customers, r.resellers
    );
    println!(
        "Data set built in {:.1} s. Start-up on it: {} ms. Server's peak memory: {}.\n",
        r.built_in.as_secs_f64(),
        r.start_up.as_millis(),
        r.peak_memory
            .map_or("unknown".to_owned(), |m| format!("{m:.0} MiB"))
    );
    println!(
        "| page | requests/s | ceiling/s | ratio (rounds) | p50 ms | p99 ms | ceiling p50 | ceiling p99 | errors |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for m in &r.pages {
        let c = m.ceiling.as_ref();
        println!(
            "| {} | {:.0} | {} | {} | {} | {} | {} | {} | {} |",
            m.name,
            m.product.per_second(),
            c.map_or("–".to_owned(), |c| format!("{:.0}", c.per_second())),
            m.ratio_cell(),
            ms(m.product.quantile(0.5)),
            ms(m.product.quantile(0.99)),
            c.map_or("–".to_owned(), |c| ms(c.quantile(0.5))),
            c.map_or("–".to_owned(), |c| ms(c.quantile(0.99))),
            m.product.errors,
        );
    }
    println!("\n| write | per second | p50 ms | p99 ms | errors |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (label, s) in &r.flows {
        println!(
            "| {label} | {:.0} | {} | {} | {} |",
            s.per_second(),
            ms(s.quantile(0.5)),
            ms(s.quantile(0.99)),
            s.errors
        );
    }
    match r.bulk {
        Some((n, took)) => println!(
            "| a bulk change of {n} subscriptions (one form) | – | {:.0} | – | 0 |",
            took.as_secs_f64() * 1000.0
        ),
        None => println!("| a bulk change | not measured | – | – | – |"),
    }
    let alone = r.storm_alone.get("customer admin: support");
    let beside = r.storm.get("customer admin: support");
    let guesses = r.storm.get("sign-in storm");
    if let (Some(alone), Some(beside), Some(guesses)) = (alone, beside, guesses) {
        println!(
            "\nSign-in storm: the Support page serves {:.0}/s alone and {:.0}/s beside {:.0} wrong sign-ins/s on as many connections: {:.2} of its throughput.\n",
            alone.per_second(),
            beside.per_second(),
            guesses.per_second(),
            beside.per_second() / alone.per_second()
        );
    }
    println!("Mixed load (every role at once):\n");
    println!("| page | requests/s | p50 ms | p99 ms | errors |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (label, s) in &r.mixed {
        println!(
            "| {label} | {:.0} | {} | {} | {} |",
            s.per_second(),
            ms(s.quantile(0.5)),
            ms(s.quantile(0.99)),
            s.errors
        );
    }
    println!();
}

fn print_growth(small: &Report, large: &Report) {
    println!(
        "## Growth: {} to {} subscriptions\n",
        small.size, large.size
    );
    println!(
        "Cost ratio = requests/s at {} ÷ requests/s at {} (1.0: flat).\n",
        small.size, large.size
    );
    println!("| page | requests/s small | requests/s large | cost ratio | p99 small | p99 large |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (a, b) in small.pages.iter().zip(&large.pages) {
        println!(
            "| {} | {:.0} | {:.0} | {:.2} | {} | {} |",
            a.name,
            a.product.per_second(),
            b.product.per_second(),
            a.product.per_second() / b.product.per_second(),
            ms(a.product.quantile(0.99)),
            ms(b.product.quantile(0.99)),
        );
    }
    println!();
}
