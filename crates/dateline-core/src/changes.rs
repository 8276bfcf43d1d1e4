//! What a change shows on the public site: the tags by which rendered pages are found and
//! dropped from every node's page cache when their content changes.
//!
//! Every write records the tags of the pages it changes, in its own transaction; a cached
//! page carries the tags of what it shows. One typed name per kind of page, so that the
//! writer and the cache cannot disagree on a spelling.

use std::fmt;
use std::str::FromStr;

use crate::articles::ArticleId;
use crate::services::ServiceId;

/// A kind of public page, or a part of one, that a change can make stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageTag {
    /// An article's page (and its comments, in HTML and JSON).
    Article(ArticleId),
    /// A service's lists of stories: its home and tag pages (comment counts included).
    List(ServiceId),
    /// Every page of a service (its name, notice or Terms of Use changed).
    Service(ServiceId),
    /// The pages of every version of one story (their links to each other).
    Group(i64),
    /// The front page.
    Front,
    /// Every page.
    All,
}

impl fmt::Display for PageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageTag::Article(id) => write!(f, "article:{}", id.0),
            PageTag::List(id) => write!(f, "list:{}", id.0),
            PageTag::Service(id) => write!(f, "service:{}", id.0),
            PageTag::Group(id) => write!(f, "group:{id}"),
            PageTag::Front => f.write_str("front"),
            PageTag::All => f.write_str("all"),
        }
    }
}

impl FromStr for PageTag {
    type Err = String;

    /// Reads the form [`Display`](fmt::Display) writes (as kept in the change log).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let number = |value: &str| value.parse::<i64>().map_err(|_| format!("bad page tag {text:?}"));
        match text.split_once(':') {
            None if text == "front" => Ok(PageTag::Front),
            None if text == "all" => Ok(PageTag::All),
            Some(("article", id)) => Ok(PageTag::Article(ArticleId(number(id)?))),
            Some(("list", id)) => Ok(PageTag::List(ServiceId(number(id)?))),
            Some(("service", id)) => Ok(PageTag::Service(ServiceId(number(id)?))),
            Some(("group", id)) => Ok(PageTag::Group(number(id)?)),
            _ => Err(format!("unknown page tag {text:?}")),
        }
    }
}

/// The pages a change to a public comment of an article makes stale: the article's, its
/// service's lists (comment counts), and the front page.
pub fn comment_pages(article: ArticleId, service: ServiceId) -> Vec<PageTag> {
    vec![PageTag::Article(article), PageTag::List(service), PageTag::Front]
}

/// A change recorded in the change log: its position and the pages it made stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Position in the log (increasing).
    pub id: i64,
    /// The pages it changed.
    pub tags: Vec<PageTag>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_read_back_what_they_write() {
        for tag in [
            PageTag::Article(ArticleId(12)),
            PageTag::List(ServiceId(3)),
            PageTag::Service(ServiceId(4)),
            PageTag::Group(9),
            PageTag::Front,
            PageTag::All,
        ] {
            assert_eq!(tag.to_string().parse::<PageTag>(), Ok(tag));
        }
        assert!("article:x".parse::<PageTag>().is_err());
        assert!("artcle:1".parse::<PageTag>().is_err());
    }
}
