//! `dateline score …`: the learned score (see `dateline_core::score`).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Subcommand;
use dateline_core::score::{self, Verdict};
use dateline_core::store::prelude::*;

use crate::config::Settings;

/// Score commands.
#[derive(Debug, Subcommand)]
pub enum ScoreCommand {
    /// Build a service's model again from every comment a person approved or rejected
    /// (imported ones and those decided before the score existed included), then score its
    /// pending comments again.
    Rebuild {
        /// The service's code.
        code: String,
    },
    /// Measure the score on labelled texts (nothing is stored): learn part of a file, score
    /// the rest, print precision and recall of "rejected" at each threshold, tab-separated.
    Evaluate {
        /// One text a line: LABEL<TAB>TEXT, LABEL `approved`/`ham` or `rejected`/`spam`.
        file: PathBuf,
        /// Of every ten lines, this many are learned and the rest scored.
        #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u8).range(1..=9))]
        train_tenths: u8,
        /// Thresholds to report (comma-separated).
        #[arg(long, value_delimiter = ',', default_value = "0.5,0.9,0.99")]
        thresholds: Vec<f64>,
    },
}

/// Runs a score command.
pub async fn run(settings: &Settings, command: ScoreCommand) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match command {
        ScoreCommand::Rebuild { code } => {
            let opened = crate::open(settings).await?;
            let store = opened.store.as_ref();
            let service = store.services().await?.into_iter().find(|s| s.code == code);
            let service =
                service.with_context(|| format!("there is no service {code:?} (see dateline service list)"))?;
            let rebuilt = score::rebuild(store, service.id).await?;
            writeln!(
                out,
                "learned {} approved and {} rejected comment(s) of {code} ({} features); scored {} pending comment(s)",
                rebuilt.decisions.approved, rebuilt.decisions.rejected, rebuilt.features, rebuilt.rescored
            )?;
            if !rebuilt.ready {
                writeln!(out, "the score needs at least {} of each before it scores anything", score::MIN_DECISIONS)?;
            }
        }
        ScoreCommand::Evaluate { file, train_tenths, thresholds } => {
            if let Some(bad) = thresholds.iter().find(|t| !(0.0..=1.0).contains(*t)) {
                bail!("threshold {bad} is not a score from 0 to 1");
            }
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let labelled = parse_labelled(&text).with_context(|| format!("{} is not labelled text", file.display()))?;
            let (train, test): (Vec<_>, Vec<_>) =
                labelled.into_iter().enumerate().partition(|(i, _)| i % 10 < usize::from(train_tenths));
            let train: Vec<_> = train.into_iter().map(|(_, l)| l).collect();
            let test: Vec<_> = test.into_iter().map(|(_, l)| l).collect();
            let result = score::evaluate(&train, &test, &thresholds);
            writeln!(
                out,
                "# learned {} approved and {} rejected; scored {} approved and {} rejected",
                result.trained.approved, result.trained.rejected, result.tested.approved, result.tested.rejected
            )?;
            writeln!(out, "threshold\tprecision\trecall")?;
            for (threshold, precision, recall) in result.at {
                writeln!(out, "{threshold}\t{precision:.3}\t{recall:.3}")?;
            }
        }
    }
    Ok(())
}

/// Reads `LABEL<TAB>TEXT` lines; the error names the first bad line.
fn parse_labelled(text: &str) -> anyhow::Result<Vec<(Verdict, String)>> {
    let mut labelled = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((label, message)) = line.split_once('\t') else {
            bail!("line {}: no tab between the label and the text", number + 1);
        };
        let verdict = match label.trim().to_ascii_lowercase().as_str() {
            "approved" | "ham" => Verdict::Approved,
            "rejected" | "spam" => Verdict::Rejected,
            other => bail!("line {}: the label {other:?} is not approved, rejected, ham or spam", number + 1),
        };
        labelled.push((verdict, message.to_owned()));
    }
    if labelled.is_empty() {
        bail!("no labelled lines");
    }
    Ok(labelled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_lines_are_read_and_bad_ones_named() {
        let read = parse_labelled("ham\tSee you at six\nSPAM\tWin a prize\n\n").unwrap();
        assert_eq!(read, [(Verdict::Approved, "See you at six".into()), (Verdict::Rejected, "Win a prize".into())]);
        assert_eq!(
            parse_labelled("ham See you").unwrap_err().to_string(),
            "line 1: no tab between the label and the text"
        );
        assert!(parse_labelled("maybe\tx").unwrap_err().to_string().contains("\"maybe\""));
        assert!(parse_labelled("").is_err());
    }
}
