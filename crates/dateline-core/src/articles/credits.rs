//! Credits: who reported, translated and wrote an article, by role.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The role a credit names, in the order a credit line lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreditRole {
    /// "Reported by …"
    ReportedBy,
    /// "Translated by …"
    TranslatedBy,
    /// "Written in English by …"
    WrittenInEnglishBy,
    /// "Written by …"
    WrittenBy,
    /// "Edited by …"
    EditedBy,
    /// "Photo by …"
    PhotoBy,
}

impl CreditRole {
    /// Every role, in credit-line order.
    pub const ALL: [CreditRole; 6] = [
        CreditRole::ReportedBy,
        CreditRole::TranslatedBy,
        CreditRole::WrittenInEnglishBy,
        CreditRole::WrittenBy,
        CreditRole::EditedBy,
        CreditRole::PhotoBy,
    ];

    /// The stable name used in import files, the store and message keys.
    pub fn as_str(self) -> &'static str {
        match self {
            CreditRole::ReportedBy => "reported_by",
            CreditRole::TranslatedBy => "translated_by",
            CreditRole::WrittenInEnglishBy => "written_in_english_by",
            CreditRole::WrittenBy => "written_by",
            CreditRole::EditedBy => "edited_by",
            CreditRole::PhotoBy => "photo_by",
        }
    }
}

impl fmt::Display for CreditRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text is not one of the known roles.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown credit role {0:?}")]
pub struct UnknownRole(pub String);

impl FromStr for CreditRole {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CreditRole::ALL.into_iter().find(|role| role.as_str() == s).ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// One credit: a role, the people in it (in order), and the service it was done for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// What these people did.
    pub role: CreditRole,
    /// Their names, in the order given.
    pub names: Vec<String>,
    /// The code of the service the work was done for ("for the Korean Service").
    pub for_service: Option<String>,
}

/// Credits in credit-line order: by role, keeping the given order within a role.
pub fn in_credit_line_order(credits: &[Credit]) -> Vec<&Credit> {
    let mut ordered: Vec<&Credit> = credits.iter().collect();
    ordered.sort_by_key(|credit| credit.role);
    ordered
}
