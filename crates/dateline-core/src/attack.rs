//! Attack mode: when a service's comment form is flooded, each submission must show work.
//!
//! A reader's browser proves it by a small computation on the form's own challenge (the
//! form token's random nonce, which works for one comment): a number `proof` such that
//! SHA-256(`challenge:proof`) begins with [`AttackGate::proof_bits`] zero bits — about a
//! second on a mid-range phone, one hash for the server to check. A reader without
//! JavaScript waits instead: the form, whose token signs the time it was shown, is taken
//! only [`AttackGate::wait_seconds`] after that. A proof cannot be used twice, as the form
//! token cannot.
//!
//! Each service has a mode: `off`, `on`, or `auto` — on while its submissions pass
//! `comments.attack_per_minute` (counted by each node), and for ten minutes after.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// How long `auto` stays on after the rate falls back under the threshold.
pub const AUTO_HOLD_MINUTES: i64 = 10;

/// The longest proof taken (a number; longer ones are not the script's).
const MAX_PROOF_CHARS: usize = 20;

/// A service's attack mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AttackMode {
    /// Never.
    #[default]
    Off,
    /// Always, until turned off.
    On,
    /// While the service's submissions pass the rate threshold.
    Auto,
}

impl AttackMode {
    /// Every mode.
    pub const ALL: [AttackMode; 3] = [AttackMode::Off, AttackMode::On, AttackMode::Auto];

    /// The stable name used by the command line and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            AttackMode::Off => "off",
            AttackMode::On => "on",
            AttackMode::Auto => "auto",
        }
    }
}

impl fmt::Display for AttackMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AttackMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AttackMode::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| format!("unknown attack mode {s:?}: use on, off or auto"))
    }
}

/// What a submission must show while attack mode is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AttackGate {
    /// Leading zero bits the proof's hash must have.
    pub proof_bits: u32,
    /// Seconds between showing the form and sending it, without a proof.
    pub wait_seconds: u32,
}

/// Whether `proof` proves work on `challenge` (see the module's documentation).
pub fn proof_is_valid(challenge: &str, proof: &str, bits: u32) -> bool {
    let well_formed = !proof.is_empty() && proof.len() <= MAX_PROOF_CHARS && proof.bytes().all(|b| b.is_ascii_digit());
    well_formed && leading_zero_bits(&Sha256::digest(format!("{challenge}:{proof}").as_bytes())) >= bits
}

/// The number of zero bits a digest begins with.
pub fn leading_zero_bits(digest: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in digest {
        if *byte == 0 {
            bits += 8;
        } else {
            return bits + byte.leading_zeros();
        }
    }
    bits
}

/// Whether a submission shown at `shown_at` (if its form told) with `proof` (if any) may
/// pass the gate at `now`.
pub fn passes(
    gate: &AttackGate,
    challenge: Option<&str>,
    proof: Option<&str>,
    shown_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    let proven = matches!((challenge, proof), (Some(c), Some(p)) if proof_is_valid(c, p, gate.proof_bits));
    let waited = shown_at.is_some_and(|at| now >= at + Duration::seconds(i64::from(gate.wait_seconds)));
    proven || waited
}

/// Counts a service's submissions to decide `auto` (one per node; see [`AttackMode::Auto`]).
#[derive(Debug, Default)]
pub struct RateMeter {
    recent: std::collections::VecDeque<DateTime<Utc>>,
    on_until: Option<DateTime<Utc>>,
}

impl RateMeter {
    /// Counts a submission at `now`, against a threshold per minute (0: never on).
    /// Returns whether this submission turned it on (it was off until now).
    pub fn record(&mut self, now: DateTime<Utc>, per_minute: u32) -> bool {
        if per_minute == 0 {
            return false;
        }
        let was_on = self.is_on(now);
        let minute_ago = now - Duration::minutes(1);
        while self.recent.front().is_some_and(|at| *at <= minute_ago) {
            self.recent.pop_front();
        }
        self.recent.push_back(now);
        if self.recent.len() > per_minute as usize {
            self.on_until = Some(now + Duration::minutes(AUTO_HOLD_MINUTES));
            // Only whether the threshold is passed matters: keep no more than that.
            self.recent.pop_front();
        }
        !was_on && self.is_on(now)
    }

    /// Whether the rate passed the threshold within the hold time.
    pub fn is_on(&self, now: DateTime<Utc>) -> bool {
        self.on_until.is_some_and(|until| now < until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000 + seconds, 0).unwrap_or_default()
    }

    /// Finds a proof the way the browser's script does: counting up from 0.
    fn solve(challenge: &str, bits: u32) -> String {
        (0u64..).map(|n| n.to_string()).find(|p| proof_is_valid(challenge, p, bits)).unwrap_or_default()
    }

    #[test]
    fn a_proof_is_checked_with_one_hash() {
        assert_eq!(leading_zero_bits(&[0, 0, 0b0001_0000, 0xff]), 19);
        assert_eq!(leading_zero_bits(&[0xff]), 0);
        let proof = solve("nonce-1", 12);
        assert!(proof_is_valid("nonce-1", &proof, 12));
        assert!(!proof_is_valid("nonce-1", &proof, 64), "not that much work");
        assert!(!proof_is_valid("nonce-1", "", 0), "no proof is no proof");
        assert!(!proof_is_valid("nonce-1", "12a", 0), "digits only");
        assert!(!proof_is_valid("nonce-1", &"1".repeat(21), 0), "short");
    }

    #[test]
    fn without_a_proof_the_form_waits() {
        let gate = AttackGate { proof_bits: 8, wait_seconds: 30 };
        let proof = solve("c", 8);
        assert!(passes(&gate, Some("c"), Some(&proof), Some(at(0)), at(1)), "a proof needs no wait");
        assert!(!passes(&gate, Some("c"), None, Some(at(0)), at(29)));
        assert!(passes(&gate, Some("c"), None, Some(at(0)), at(30)));
        assert!(!passes(&gate, None, None, None, at(100)), "no form token: a proof is the only way");
    }

    #[test]
    fn auto_turns_on_past_the_threshold_and_holds() {
        let mut meter = RateMeter::default();
        for second in 0..5 {
            assert!(!meter.record(at(second * 10), 5));
        }
        assert!(!meter.is_on(at(50)), "five a minute is the threshold, not past it");
        assert!(meter.record(at(55), 5), "this one turned it on");
        assert!(meter.is_on(at(55)));
        assert!(meter.is_on(at(55 + 9 * 60)));
        assert!(!meter.is_on(at(55 + 10 * 60)), "ten minutes after the last minute over it");
        assert!(!meter.record(at(55 + 9 * 60), 5), "it was on already: not turned on again");
        let mut off = RateMeter::default();
        for second in 0..100 {
            assert!(!off.record(at(second), 0));
        }
        assert!(!off.is_on(at(100)), "0: never");
    }
}
