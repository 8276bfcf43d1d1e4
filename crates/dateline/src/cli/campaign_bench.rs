//! `dateline dev campaigns`: measures campaign detection at scale. Comments are submitted
//! through the store's writer (as the form and the API submit them), a share of them
//! copies of a few messages disguised the way campaigns disguise them; then they are
//! placed exactly as every node's worker places them. It reports how many copies were
//! found (recall), how many comments were grouped wrongly, and what placing costs.

use std::collections::HashMap;
use std::io::Write;
use std::time::Instant;

use anyhow::bail;
use dateline_core::comments::{CommentId, NewComment, SubmissionLimits, sha256_hex};
use dateline_core::store::prelude::*;

use super::dev::Dice;

/// What to submit.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Comments in all.
    pub comments: usize,
    /// Of them, copies of campaign messages (percent).
    pub copies_percent: usize,
    /// Distinct campaign messages.
    pub campaigns: usize,
    /// Seed of the pseudo-random choices.
    pub seed: u64,
}

/// Look-alike letters a campaign swaps in (Cyrillic and Greek for Latin).
const LOOK_ALIKES: [(char, char); 8] =
    [('a', 'а'), ('o', 'о'), ('e', 'е'), ('p', 'р'), ('c', 'с'), ('x', 'х'), ('i', 'і'), ('y', 'у')];

/// A vocabulary of made-up words (syllables of Latin letters), used with Zipf's law so
/// that, as in real comments, a few words are everywhere and most are rare.
fn vocabulary(dice: &mut Dice, size: usize) -> Vec<String> {
    const ONSETS: [&str; 18] =
        ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st", "tr"];
    const VOWELS: [&str; 6] = ["a", "e", "i", "o", "u", "ou"];
    (0..size)
        .map(|_| {
            (0..1 + dice.below(3)).map(|_| format!("{}{}", ONSETS[dice.below(18)], VOWELS[dice.below(6)])).collect()
        })
        .collect()
}

/// A word by Zipf's law: rank r with a chance proportional to 1/r.
fn zipf_word<'a>(dice: &mut Dice, words: &'a [String], harmonic: f64) -> &'a str {
    let mut target = (dice.next() % 1_000_000) as f64 / 1_000_000.0 * harmonic;
    for (rank, word) in words.iter().enumerate() {
        target -= 1.0 / (rank + 1) as f64;
        if target <= 0.0 {
            return word;
        }
    }
    &words[words.len() - 1]
}

/// A text of `shortest` words and up to `more` more.
fn comment_text(dice: &mut Dice, words: &[String], harmonic: f64, shortest: usize, more: usize) -> String {
    let length = shortest + dice.below(more);
    (0..length).map(|_| zipf_word(dice, words, harmonic)).collect::<Vec<_>>().join(" ")
}

/// A copy of a campaign message, disguised: a few look-alike letters, a zero-width space,
/// shouting, punctuation, and a word dropped or added.
fn disguise(dice: &mut Dice, message: &str, words: &[String], harmonic: f64) -> String {
    let mut tokens: Vec<String> = message.split(' ').map(str::to_owned).collect();
    if dice.below(2) == 0 && tokens.len() > 5 {
        tokens.remove(dice.below(tokens.len()));
    }
    if dice.below(2) == 0 {
        let at = dice.below(tokens.len());
        tokens.insert(at, zipf_word(dice, words, harmonic).to_owned());
    }
    let mut text: String = tokens.join(" ");
    if dice.below(3) == 0 {
        text = text.to_uppercase();
    }
    let mut disguised = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match LOOK_ALIKES.iter().find(|(latin, _)| *latin == c) {
            Some((_, other)) if dice.below(6) == 0 => disguised.push(*other),
            _ => disguised.push(c),
        }
        if c == ' ' && dice.below(15) == 0 {
            disguised.push('\u{200B}');
        }
    }
    if dice.below(2) == 0 {
        disguised.push_str("!!!");
    }
    disguised
}

/// Runs the measurement on the store's articles and prints the report.
pub async fn run(store: &dateline_store::SqlStore, plan: Plan, out: &mut impl Write) -> anyhow::Result<()> {
    let now = crate::clock().now();
    let stories = store.newest_stories(&dateline_core::store::StoryScope::Site, now, 500).await?;
    let articles: Vec<_> = stories.iter().map(|a| a.id).collect();
    if articles.is_empty() {
        bail!(
            "the campaigns need stories to be sent to: run `dateline dev generate --articles 200 --comments 0` first"
        );
    }
    let mut dice = Dice(plan.seed.max(1));
    let words = vocabulary(&mut dice, 5000);
    let harmonic: f64 = (1..=words.len()).map(|r| 1.0 / r as f64).sum();
    let messages: Vec<String> =
        (0..plan.campaigns.max(1)).map(|_| comment_text(&mut dice, &words, harmonic, 15, 25)).collect();
    let copies = plan.comments * plan.copies_percent / 100;
    // Which comment copies which campaign: spread through the stream.
    let mut truth: Vec<Option<usize>> = vec![None; plan.comments];
    for n in 0..copies {
        truth[n * plan.comments / copies.max(1)] = Some(n % messages.len());
    }
    let off = SubmissionLimits { per_address_per_hour: 0, per_article_per_minute: 0, duplicate_window_hours: 0 };
    let started = Instant::now();
    let mut ids: Vec<(CommentId, Option<usize>)> = Vec::with_capacity(plan.comments);
    for chunk in truth.chunks(256) {
        let mut sent = Vec::with_capacity(chunk.len());
        for campaign in chunk {
            let text = match campaign {
                Some(k) => disguise(&mut dice, &messages[*k], &words, harmonic),
                None => comment_text(&mut dice, &words, harmonic, 8, 50),
            };
            let reader = dice.next();
            let new = NewComment {
                article_id: articles[dice.below(articles.len())],
                parent_id: None,
                author_name: format!("Reader {}", reader % 100_000),
                text_hash: sha256_hex(&text),
                text,
                email: None,
                commenter_hash: sha256_hex(&format!("bench-reader-{reader}")),
                address_hash: sha256_hex(&format!("bench-address-{reader}")),
                terms_version: 0,
                form_nonce: None,
                labels: Vec::new(),
                single_use_form: false,
                label_first: true,
                held: false,
            };
            sent.push((new, *campaign));
        }
        // Sent at once, as concurrent readers send them: the writer commits them together.
        let written =
            futures_util::future::join_all(sent.iter().map(|(new, _)| store.submit_comment(new, off, now))).await;
        for (result, (_, campaign)) in written.into_iter().zip(&sent) {
            match result? {
                Ok(id) => ids.push((id, *campaign)),
                Err(refusal) => bail!("a submission was refused: {refusal:?}"),
            }
        }
    }
    let submitting = started.elapsed();
    let placing_started = Instant::now();
    while dateline_core::campaigns::place_new_comments(store, 500).await? > 0 {}
    let placing = placing_started.elapsed();

    let mut found: HashMap<CommentId, i64> = HashMap::new();
    for campaign in store.campaigns(None, 1_000_000).await? {
        for id in store.campaign_comments(campaign.id).await? {
            found.insert(id, campaign.id);
        }
    }
    let report = Report::of(&ids, &found, messages.len());
    writeln!(out, "comments\t{}", ids.len())?;
    writeln!(out, "copies\t{copies} of {} messages", messages.len())?;
    writeln!(
        out,
        "submitted\t{:.1} s ({:.0} a second)",
        submitting.as_secs_f64(),
        ids.len() as f64 / submitting.as_secs_f64()
    )?;
    writeln!(
        out,
        "placing\t{:.1} s, {:.0} µs a comment",
        placing.as_secs_f64(),
        placing.as_micros() as f64 / ids.len() as f64
    )?;
    writeln!(
        out,
        "recall\t{:.3} ({} of {copies} copies grouped with their message's campaign)",
        report.recall(copies),
        report.grouped
    )?;
    writeln!(out, "campaigns found\t{} (for {} messages)", report.campaigns, messages.len())?;
    writeln!(
        out,
        "false groupings\t{} distinct comments in a campaign, {} copies in another message's",
        report.distinct_grouped, report.misplaced
    )?;
    Ok(())
}

/// What placement found, against what was sent.
#[derive(Debug, Default, PartialEq, Eq)]
struct Report {
    /// Copies in the campaign that holds most of their message's copies.
    grouped: usize,
    /// Copies in a campaign that holds mostly another message's copies.
    misplaced: usize,
    /// Comments that copied nothing but were put in a campaign.
    distinct_grouped: usize,
    /// Campaigns found.
    campaigns: usize,
}

impl Report {
    fn of(sent: &[(CommentId, Option<usize>)], found: &HashMap<CommentId, i64>, messages: usize) -> Report {
        // Each message's campaign: the one holding most of its copies.
        let mut votes: Vec<HashMap<i64, usize>> = vec![HashMap::new(); messages];
        for (id, truth) in sent {
            if let (Some(k), Some(campaign)) = (truth, found.get(id)) {
                *votes[*k].entry(*campaign).or_default() += 1;
            }
        }
        let home: Vec<Option<i64>> =
            votes.iter().map(|v| v.iter().max_by_key(|(_, n)| **n).map(|(campaign, _)| *campaign)).collect();
        let mut report =
            Report { campaigns: found.values().collect::<std::collections::HashSet<_>>().len(), ..Report::default() };
        for (id, truth) in sent {
            match (truth, found.get(id)) {
                (Some(k), Some(campaign)) if home[*k] == Some(*campaign) => report.grouped += 1,
                (Some(_), Some(_)) => report.misplaced += 1,
                (None, Some(_)) => report.distinct_grouped += 1,
                _ => {}
            }
        }
        report
    }

    fn recall(&self, copies: usize) -> f64 {
        if copies == 0 { 1.0 } else { self.grouped as f64 / copies as f64 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_counts_copies_in_their_messages_campaign() {
        let id = CommentId;
        let sent =
            [(id(1), Some(0)), (id(2), Some(0)), (id(3), Some(0)), (id(4), None), (id(5), Some(1)), (id(6), None)];
        let found: HashMap<CommentId, i64> = [(id(1), 7), (id(2), 7), (id(3), 8), (id(4), 7)].into_iter().collect();
        let report = Report::of(&sent, &found, 2);
        assert_eq!(report, Report { grouped: 2, misplaced: 1, distinct_grouped: 1, campaigns: 2 });
        assert_eq!(report.recall(4), 0.5);
    }

    #[test]
    fn disguised_copies_still_look_like_their_message() {
        let mut dice = Dice(7);
        let words = vocabulary(&mut dice, 50);
        let message = words[..20].join(" ");
        let copy = disguise(&mut dice, &message, &words, 4.5);
        let (a, b) =
            (dateline_core::campaigns::Signature::of(&message), dateline_core::campaigns::Signature::of(&copy));
        assert!(a.unwrap().similarity(&b.unwrap()) >= 0.5, "{message} / {copy}");
    }
}
