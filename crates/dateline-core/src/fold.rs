//! Text folded for comparison, so that the usual evasions do not hide a word or a copy:
//! compatibility forms (full-width letters, Arabic presentation forms, Hangul compatibility
//! jamo, which recompose into syllables), case, look-alike letters from other scripts
//! (Unicode confusables, UTS #39 skeletons: Cyrillic "а" is Latin "a"; Hangul, Han, kana
//! and Arabic-script letters are kept as written, since their skeletons take syllables
//! apart and mean nothing to a reader), the letter variants
//! of Arabic script as Uyghur is written (Arabic kaf and keheh, yeh and alef maksura, heh
//! and heh doachashmee; the tatweel is dropped), invisible characters (zero-width spaces
//! and joiners, direction marks), and repeated letters ("spaaam").
//!
//! A folded text is a list of words. Words are split at anything that is not a letter or a
//! digit; a run of single letters ("s p a m", "s.p.a.m") joins into one word. Scripts
//! written without spaces between words (Han, kana, Thai) and Korean, whose words carry
//! particles, are compared by [`Folded::letters`], without word boundaries; Hangul is
//! compared syllable by syllable.

use unicode_normalization::UnicodeNormalization;

/// A text folded for comparison.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Folded {
    /// The folded words, in order.
    pub words: Vec<String>,
    /// Which of the words were spelled out letter by letter ("a s c a m"): a word may hide
    /// anywhere in them, since where it starts is not known.
    pub spelled: Vec<usize>,
}

impl Folded {
    /// Folds a text.
    pub fn new(text: &str) -> Folded {
        let mut words: Vec<String> = Vec::new();
        let mut spelled: Vec<usize> = Vec::new();
        let mut current = String::new();
        // Letters of the text in the current word (one letter may fold into two: "m" is "rn").
        let mut letters = 0;
        let mut unspaced = false;
        let mut single_run = false;
        let mut finish = |word: &mut String, letters: &mut usize, unspaced: bool| {
            if word.is_empty() {
                return;
            }
            let single = *letters == 1 && !unspaced;
            match words.last_mut() {
                // "s p a m": single letters in a row are one word.
                Some(last) if single && single_run => {
                    last.push_str(word);
                    if spelled.last() != Some(&(words.len() - 1)) {
                        spelled.push(words.len() - 1);
                    }
                }
                _ => words.push(word.clone()),
            }
            word.clear();
            *letters = 0;
            single_run = single;
        };
        for c in text.nfkc().flat_map(char::to_lowercase) {
            let Some(c) = fold_char(c) else { continue };
            if c.is_alphanumeric() {
                letters += 1;
                unspaced = is_unspaced(c);
                push_skeleton(c, &mut current);
            } else {
                finish(&mut current, &mut letters, unspaced);
            }
        }
        finish(&mut current, &mut letters, unspaced);
        for word in &mut words {
            collapse_repeats(word);
        }
        Folded { words, spelled }
    }

    /// Every letter, without spaces: how scripts without word boundaries compare.
    pub fn letters(&self) -> String {
        self.words.concat()
    }

    /// Whether the text has no letter or digit at all.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Whether a letter belongs to a script compared without word boundaries (Han, kana,
/// Hangul, Thai, Lao, Khmer, Myanmar).
pub fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F | 0xAC00..=0xD7AF | 0xD7B0..=0xD7FF | 0xF900..=0xFAFF | 0x20000..=0x3134F
        | 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF)
}

/// Whether a letter is of the Arabic script (as Uyghur is written).
fn is_arabic(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// One character, folded: invisible ones dropped, Arabic-script variants unified.
fn fold_char(c: char) -> Option<char> {
    match c {
        // Zero-width space, joiners, direction marks and isolates, word joiner, BOM, soft
        // hyphen, tatweel, combining grapheme joiner.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{0640}'
        | '\u{034F}' => None,
        // Arabic kaf → keheh; Arabic yeh and Farsi yeh → alef maksura (Uyghur's yeh);
        // heh → heh doachashmee (Uyghur's h).
        '\u{0643}' => Some('\u{06A9}'),
        '\u{064A}' | '\u{06CC}' => Some('\u{0649}'),
        '\u{0647}' => Some('\u{06BE}'),
        other => Some(other),
    }
}

/// The skeletons of the ASCII letters and digits, worked out once: most text of most
/// services is ASCII, and working a skeleton out costs allocations.
static ASCII_SKELETONS: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| (0u8..128).map(|b| work_out_skeleton(char::from(b))).collect());

/// Skeletons of other letters as they are met, per thread (bounded: a text in an unusual
/// script works its letters out again rather than growing the memo without end).
const MEMO_LETTERS: usize = 16_384;

thread_local! {
    static SKELETONS: std::cell::RefCell<std::collections::HashMap<char, Box<str>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Appends the confusable skeleton of one letter (UTS #39), lowercased, to `out`; letters
/// of scripts without look-alikes of concern pass through unchanged.
fn push_skeleton(c: char, out: &mut String) {
    if let Some(known) = ASCII_SKELETONS.get(c as usize) {
        out.push_str(known);
        return;
    }
    if is_unspaced(c) || is_arabic(c) {
        // Hangul syllables, Han, kana and Arabic-script letters are compared as written
        // (after their own variants are unified, [`fold_char`]): their skeletons take
        // syllables apart into jamo and look-alike strokes ("의" would be "oー丨", "ئە"
        // "ى\u{654}o"), which matches no better and cannot be shown to a moderator.
        out.push(c);
        return;
    }
    SKELETONS.with_borrow_mut(|memo| match memo.get(&c) {
        Some(known) => out.push_str(known),
        None => {
            let skeleton = work_out_skeleton(c);
            out.push_str(&skeleton);
            if memo.len() < MEMO_LETTERS {
                memo.insert(c, skeleton.into_boxed_str());
            }
        }
    });
}

fn work_out_skeleton(c: char) -> String {
    let mut buffer = [0u8; 4];
    let skeleton: String = unicode_security::confusable_detection::skeleton(c.encode_utf8(&mut buffer)).collect();
    // The skeleton is in NFD; compose it again so Hangul syllables and accented letters
    // compare as one character each.
    skeleton.nfc().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

fn collapse_repeats(word: &mut String) {
    let mut collapsed = String::with_capacity(word.len());
    for c in word.chars() {
        if !collapsed.ends_with(c) {
            collapsed.push(c);
        }
    }
    *word = collapsed;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        Folded::new(text).words
    }

    #[test]
    fn latin_evasions_fold_away() {
        assert_eq!(words("Buy CHEAP pills"), words("buy cheap pills"));
        assert_eq!(words("ｂｕｙ ｃｈｅａｐ"), words("buy cheap"), "full-width forms");
        assert_eq!(words("b\u{200B}u\u{200D}y"), words("buy"), "zero-width characters");
        assert_eq!(words("s p a m"), words("spam"), "inserted spaces");
        assert_eq!(words("s.p.a.m!"), words("spam"), "inserted dots");
        assert_eq!(words("spaaaaam"), words("spam"), "repeated letters");
        assert_eq!(words("\u{0455}\u{0440}\u{0430}m"), words("spam"), "Cyrillic look-alikes");
        assert_ne!(words("this pamphlet"), words("spam"));
        assert_eq!(Folded::new("a s c a m, ok").spelled, [0], "the letters spelled out, with the article before");
    }

    #[test]
    fn hangul_is_compared_by_syllable() {
        let jamo = Folded::new("ㅂㅏㅂㅗ").letters();
        assert_eq!(jamo, Folded::new("바보").letters(), "compatibility jamo recompose");
        assert_eq!(Folded::new("바 보").letters(), Folded::new("바보").letters());
        assert!(Folded::new("이 바보야!").letters().contains(&Folded::new("바보").letters()));
    }

    #[test]
    fn uyghur_letter_variants_are_one_letter() {
        // "كىتاب" written with Arabic kaf and yeh, and with Uyghur's keheh and alef maksura.
        assert_eq!(
            words("\u{0643}\u{064A}\u{062A}\u{0627}\u{0628}"),
            words("\u{06A9}\u{0649}\u{062A}\u{0627}\u{0628}")
        );
        assert_eq!(words("ك\u{0640}\u{0640}ىتاب"), words("كىتاب"), "tatweel");
    }

    #[test]
    fn chinese_has_no_word_boundaries_to_keep() {
        assert_eq!(Folded::new("共 产 党").letters(), Folded::new("共产党").letters());
        assert_eq!(Folded::new("共\u{200B}产党").letters(), "共产党");
    }
}
