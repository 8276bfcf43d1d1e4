//! `dateline dev generate`: a large synthetic newsroom, so that scale can be tried by anyone.

use std::io::Write;
use std::time::Instant;

use anyhow::bail;
use chrono::{DateTime, Duration, Utc};
use clap::Subcommand;
use dateline_core::articles::ArticleDraft;
use dateline_core::articles::credits::{Credit, CreditRole};
use dateline_core::comments::{CommentState, NewComment, sha256_hex};
use dateline_core::services::Service;
use dateline_core::store::prelude::*;
use dateline_core::store::{ImportedComment, SaveOutcome};

use crate::config::Settings;

/// Developer tools.
#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Fill the database with a synthetic newsroom: the demo's five services, articles in
    /// their languages, and comments (the first articles get 200 approved comments each;
    /// `--pending` of the English service's wait in the queue).
    Generate {
        /// Articles to create.
        #[arg(long, default_value_t = 1000)]
        articles: usize,
        /// Comments to create.
        #[arg(long, default_value_t = 10_000)]
        comments: usize,
        /// Pending comments among them (in the English service).
        #[arg(long, default_value_t = 10_000)]
        pending: usize,
        /// Seed of the pseudo-random choices (the same seed makes the same newsroom).
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Measure campaign detection: submit comments to the stories (through the store's
    /// writer), a share of them disguised copies of a few messages (look-alike letters,
    /// spacing, shouting, a word dropped or added), place them as every node's worker does,
    /// and print recall, false groupings and the cost of placing one comment. Needs stories
    /// (`dateline dev generate --comments 0`); use a database made for it.
    Campaigns {
        /// Comments to submit.
        #[arg(long, default_value_t = 100_000)]
        comments: usize,
        /// Of them, copies of campaign messages (percent).
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u8).range(0..=100))]
        copies_percent: u8,
        /// Distinct campaign messages.
        #[arg(long, default_value_t = 40)]
        campaigns: usize,
        /// Seed of the pseudo-random choices.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
}

const WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "river",
            "council",
            "election",
            "market",
            "rain",
            "school",
            "workers",
            "festival",
            "railway",
            "harvest",
            "court",
            "village",
            "reporters",
            "prices",
            "bridge",
            "hospital",
            "teachers",
            "border",
            "factory",
            "farmers",
        ],
    ),
    (
        "ko",
        &[
            "강",
            "의회",
            "선거",
            "시장",
            "비",
            "학교",
            "노동자",
            "축제",
            "철도",
            "수확",
            "법원",
            "마을",
            "기자",
            "물가",
            "다리",
            "병원",
            "교사",
            "국경",
            "공장",
            "농민",
        ],
    ),
    (
        "zh-Hans",
        &[
            "河流", "议会", "选举", "市场", "降雨", "学校", "工人", "节日", "铁路", "收成", "法院", "村庄", "记者",
            "物价", "桥梁", "医院", "教师", "边境", "工厂", "农民",
        ],
    ),
    (
        "ug",
        &[
            "دەريا",
            "كېڭەش",
            "سايلام",
            "بازار",
            "يامغۇر",
            "مەكتەپ",
            "ئىشچىلار",
            "بايرام",
            "تۆمۈريول",
            "ھوسۇل",
            "سوت",
            "كەنت",
            "مۇخبىرلار",
            "باھا",
            "كۆۋرۈك",
            "دوختۇرخانا",
            "ئوقۇتقۇچىلار",
            "چېگرا",
            "زاۋۇت",
            "دېھقانلار",
        ],
    ),
    (
        "vi",
        &[
            "sông",
            "hội đồng",
            "bầu cử",
            "chợ",
            "mưa",
            "trường học",
            "công nhân",
            "lễ hội",
            "đường sắt",
            "mùa màng",
            "tòa án",
            "làng",
            "phóng viên",
            "giá cả",
            "cây cầu",
            "bệnh viện",
            "giáo viên",
            "biên giới",
            "nhà máy",
            "nông dân",
        ],
    ),
];

/// A small deterministic generator (xorshift64*): the same seed, the same newsroom.
pub(crate) struct Dice(pub(crate) u64);

impl Dice {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

fn sentence(dice: &mut Dice, words: &[&str], count: usize, separator: &str) -> String {
    (0..count).map(|_| words[dice.below(words.len())]).collect::<Vec<_>>().join(separator)
}

fn vocabulary(service: &Service) -> (&'static [&'static str], &'static str) {
    let words = WORDS.iter().find(|(lang, _)| *lang == service.language).map_or(WORDS[0].1, |(_, w)| w);
    let separator = if service.language == "zh-Hans" { "" } else { " " };
    (words, separator)
}

fn article(dice: &mut Dice, service: &Service, index: usize, now: DateTime<Utc>) -> ArticleDraft {
    let (words, sep) = vocabulary(service);
    let paragraphs: Vec<String> = (0..3).map(|_| format!("{}.", sentence(dice, words, 40, sep))).collect();
    let body =
        format!("{}\n\n## {}\n\n{}\n\n{}", paragraphs[0], sentence(dice, words, 3, sep), paragraphs[1], paragraphs[2]);
    ArticleDraft {
        service_id: service.id,
        slug: format!("generated-{index}"),
        headline: sentence(dice, words, 7, sep),
        summary: format!("{}.", sentence(dice, words, 16, sep)),
        body_html: dateline_core::articles::markdown::render_body(&body, &Default::default()),
        body_markdown: body,
        published_at: Some(now - Duration::minutes(i64::try_from(index).unwrap_or(0) * 7 + 60)),
        updated_at: None,
        tags: vec![words[index % words.len()].to_owned()],
        translation_of: None,
        comment_policy: None,
        lead_image: None,
        credits: vec![Credit {
            role: CreditRole::ReportedBy,
            names: vec![format!("Reporter {}", index % 97)],
            for_service: None,
        }],
    }
}

/// Runs a developer command.
pub async fn run(settings: &Settings, command: DevCommand) -> anyhow::Result<()> {
    let (articles, comments, pending, seed) = match command {
        DevCommand::Generate { articles, comments, pending, seed } => (articles, comments, pending, seed),
        DevCommand::Campaigns { comments, copies_percent, campaigns, seed } => {
            let opened = crate::open(settings).await?;
            let plan =
                super::campaign_bench::Plan { comments, copies_percent: usize::from(copies_percent), campaigns, seed };
            return super::campaign_bench::run(opened.store.as_ref(), plan, &mut std::io::stdout().lock()).await;
        }
    };
    if pending > comments {
        bail!("--pending ({pending}) cannot exceed --comments ({comments})");
    }
    let opened = crate::open(settings).await?;
    let store = opened.store.as_ref();
    let now = crate::clock().now();
    let mut out = std::io::stdout().lock();
    let started = Instant::now();
    crate::demo::add_services(store, now).await?;
    let services = store.services().await?;
    let mut dice = Dice(seed.max(1));
    let first = usize::try_from(store.article_count().await?).unwrap_or(0);
    let mut ids = Vec::with_capacity(articles);
    for chunk_start in (0..articles).step_by(1000) {
        let drafts: Vec<ArticleDraft> = (chunk_start..(chunk_start + 1000).min(articles))
            .map(|i| article(&mut dice, &services[i % services.len()], first + i, now))
            .collect();
        for (outcome, draft) in store.save_articles(&drafts, now).await?.into_iter().zip(&drafts) {
            let (SaveOutcome::Created(id) | SaveOutcome::Updated(id)) = outcome;
            ids.push((id, draft.service_id));
        }
        writeln!(out, "articles: {} of {articles} ({:.1} s)", ids.len(), started.elapsed().as_secs_f64())?;
    }
    if ids.is_empty() && comments > 0 {
        bail!("comments need articles: give --articles");
    }
    // The first articles get 200 approved comments each (long threads to render); the
    // pending ones go to the English service's articles; the rest are spread at random.
    let english = services.iter().find(|s| s.code == "english").map(|s| s.id);
    let english_articles: Vec<usize> = (0..ids.len()).filter(|&i| Some(ids[i].1) == english).collect();
    let hot = (comments / 10 / 200).min(ids.len());
    let mut written = 0;
    while written < comments {
        let batch_len = (comments - written).min(10_000);
        let mut batch = Vec::with_capacity(batch_len);
        for n in written..written + batch_len {
            let (target, state) = if n < pending && !english_articles.is_empty() {
                (english_articles[dice.below(english_articles.len())], CommentState::Pending)
            } else if n - pending.min(n) < hot * 200 {
                ((n - pending.min(n)) / 200, CommentState::Approved)
            } else {
                (
                    dice.below(ids.len()),
                    if dice.below(20) == 0 { CommentState::Rejected } else { CommentState::Approved },
                )
            };
            let (article_id, service_id) = ids[target];
            let service = services.iter().find(|s| s.id == service_id).unwrap_or(&services[0]);
            let (words, sep) = vocabulary(service);
            let length = 12 + dice.below(40);
            let text = format!("{} {n}", sentence(&mut dice, words, length, sep));
            let reader = n % 50_000;
            let new = NewComment {
                form_nonce: None,
                labels: Vec::new(),
                single_use_form: false,
                label_first: false,
                held: false,
                article_id,
                parent_id: None,
                author_name: format!("Reader {reader}"),
                text_hash: sha256_hex(&text),
                text,
                email: None,
                commenter_hash: sha256_hex(&format!("generated-reader-{reader}")),
                address_hash: sha256_hex(&format!("generated-address-{reader}")),
                terms_version: 0,
            };
            let at = now - Duration::seconds(i64::try_from(comments - n).unwrap_or(0));
            batch.push(ImportedComment { comment: new, state, at });
        }
        written += usize::try_from(store.import_comments(&batch).await?).unwrap_or(0);
        writeln!(out, "comments: {written} of {comments} ({:.1} s)", started.elapsed().as_secs_f64())?;
    }
    writeln!(
        out,
        "generated {} articles and {written} comments ({pending} pending) in {:.1} s",
        ids.len(),
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}
