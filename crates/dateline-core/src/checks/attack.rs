//! `attack`: sent while the service's attack mode was on (see [`crate::attack`]).

use super::{Check, Findings, Submitted};

/// Labels comments sent during an attack.
pub struct DuringAttack;

impl Check for DuringAttack {
    fn name(&self) -> &'static str {
        "attack"
    }

    fn check(&self, submitted: &Submitted<'_>, findings: &mut Findings) {
        if submitted.under_attack {
            findings.labels.push("attack".to_owned());
        }
    }
}
