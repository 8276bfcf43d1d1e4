//! A streaming reader of export files: it hands over one record (a Disqus `<thread>` or
//! `<post>`, a WordPress `<item>` with its `<wp:comment>`s) at a time, so a file of any size
//! is read in the memory of one record. A malformed or cut-short file is an error that names
//! its line.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

/// One element of interest and what it holds: the text of its descendants by relative path
/// (`author/name`), their attributes as `path@name` (`thread@dsq:id`), and the records
/// nested in it (a post's comments).
#[derive(Debug, Default, Clone)]
pub struct Record {
    /// The element's name (`post`, `thread`, `item`, `wp:comment`).
    pub tag: String,
    /// Texts and attributes by path.
    pub fields: HashMap<String, String>,
    /// The nested records.
    pub children: Vec<Record>,
    /// The byte it starts at.
    pub offset: u64,
}

impl Record {
    /// A field's text, trimmed ("" if absent).
    pub fn text(&self, path: &str) -> &str {
        self.fields.get(path).map_or("", |t| t.trim())
    }
}

/// A file that is not well-formed XML, or ends too soon.
#[derive(Debug, thiserror::Error)]
#[error("{file}, line {line}: {message}; nothing was imported")]
pub struct ParseError {
    /// The file.
    pub file: String,
    /// Where.
    pub line: u64,
    /// What.
    pub message: String,
}

/// Which elements are records: `records` at `depth` (the root is depth 1), and `children`
/// anywhere inside one.
pub struct Shape<'a> {
    /// Depth of the records.
    pub depth: usize,
    /// Their names.
    pub records: &'a [&'a str],
    /// Names of records nested in them.
    pub children: &'a [&'a str],
}

/// Reads `path`, calling `each` with every record in order. `progress` gets the bytes read.
pub fn read(
    path: &Path,
    shape: &Shape<'_>,
    mut progress: impl FnMut(u64),
    mut each: impl FnMut(Record) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let file = File::open(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let mut reader = Reader::from_reader(BufReader::new(file));
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    // The record being read, and the child record inside it, with where each began in `stack`.
    let mut record: Option<(Record, usize)> = None;
    let mut child: Option<(Record, usize)> = None;
    let failure = |offset: u64, message: String| -> anyhow::Error {
        ParseError { file: path.display().to_string(), line: line_of(path, offset), message }.into()
    };
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event.into_owned(),
            Err(error) => return Err(failure(reader.error_position(), error.to_string())),
        };
        match event {
            Event::Start(start) => {
                opened(&start, reader.buffer_position(), shape, &mut stack, &mut record, &mut child);
            }
            Event::Empty(start) => {
                opened(&start, reader.buffer_position(), shape, &mut stack, &mut record, &mut child);
                close(&mut stack, &mut record, &mut child, &mut each)?;
            }
            Event::End(_) => {
                close(&mut stack, &mut record, &mut child, &mut each)?;
                progress(reader.buffer_position());
            }
            Event::Text(text) => append(&stack, &mut record, &mut child, &text.xml10_content()),
            Event::CData(text) => append(&stack, &mut record, &mut child, &text.xml10_content()),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match reference.xml10_content().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => return Err(failure(reader.buffer_position(), format!("unknown entity &{other};"))),
                    },
                };
                append(&stack, &mut record, &mut child, &resolved);
            }
            Event::Eof => {
                if !stack.is_empty() {
                    let open = stack.last().cloned().unwrap_or_default();
                    let message = format!("the file ends inside <{open}>: it is cut short");
                    return Err(failure(reader.buffer_position(), message));
                }
                return Ok(());
            }
            _ => {}
        }
        buf.clear();
    }
}

/// An element begins: it may begin a record or a child record; its attributes are kept.
fn opened(
    start: &quick_xml::events::BytesStart<'_>,
    offset: u64,
    shape: &Shape<'_>,
    stack: &mut Vec<String>,
    record: &mut Option<(Record, usize)>,
    child: &mut Option<(Record, usize)>,
) {
    let name = start.name().as_ref().to_owned();
    stack.push(name.clone());
    if record.is_none() && stack.len() == shape.depth && shape.records.contains(&name.as_str()) {
        *record = Some((Record { tag: name, offset, ..Record::default() }, stack.len()));
    } else if child.is_none() && record.is_some() && shape.children.contains(&name.as_str()) {
        *child = Some((Record { tag: name, offset, ..Record::default() }, stack.len()));
    }
    if let Some((open, base)) = child.as_mut().or(record.as_mut()) {
        let relative = stack[*base..].join("/");
        for attribute in start.attributes().flatten() {
            let key = attribute.key.as_ref().to_owned();
            let at = if relative.is_empty() { format!("@{key}") } else { format!("{relative}@{key}") };
            open.fields.insert(at, attribute.value.into_owned());
        }
    }
}

fn append(stack: &[String], record: &mut Option<(Record, usize)>, child: &mut Option<(Record, usize)>, text: &str) {
    let target = child.as_mut().or(record.as_mut());
    if let Some((open, base)) = target {
        let relative = stack[*base..].join("/");
        open.fields.entry(relative).or_default().push_str(text);
    }
}

fn close(
    stack: &mut Vec<String>,
    record: &mut Option<(Record, usize)>,
    child: &mut Option<(Record, usize)>,
    each: &mut impl FnMut(Record) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let depth = stack.len();
    if child.as_ref().is_some_and(|(_, base)| *base == depth)
        && let (Some((done, _)), Some((parent, _))) = (child.take(), record.as_mut())
    {
        parent.children.push(done);
    } else if record.as_ref().is_some_and(|(_, base)| *base == depth)
        && let Some((done, _)) = record.take()
    {
        each(done)?;
    }
    stack.pop();
    Ok(())
}

/// The line of a byte offset in a file (counted only when something went wrong).
pub fn line_of(path: &Path, offset: u64) -> u64 {
    let Ok(file) = File::open(path) else { return 0 };
    let mut line = 1;
    let mut reader = BufReader::new(file).take(offset);
    let mut chunk = Vec::new();
    while reader.read_until(b'\n', &mut chunk).map(|n| n > 0).unwrap_or(false) {
        if chunk.last() == Some(&b'\n') {
            line += 1;
        }
        chunk.clear();
    }
    line
}

/// [`read`] on a blocking thread, handing the records over a bounded channel (so that a
/// large file is written as it is read, in the memory of a few hundred records). The
/// handle tells how the reading ended.
pub fn stream(
    path: &Path,
    shape: Shape<'static>,
    bar: indicatif::ProgressBar,
) -> (tokio::sync::mpsc::Receiver<Record>, tokio::task::JoinHandle<anyhow::Result<()>>) {
    let (sender, receiver) = tokio::sync::mpsc::channel(256);
    let path = path.to_owned();
    let reading = tokio::task::spawn_blocking(move || {
        read(
            &path,
            &shape,
            |at| bar.set_position(at),
            |record| {
                // A closed channel means the writer stopped (it reports why).
                sender.blocking_send(record).map_err(|_| anyhow::anyhow!("the import stopped"))
            },
        )
    });
    (receiver, reading)
}
