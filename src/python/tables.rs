//! Flat tables of documents, built column by column in Rust and handed to Python as Arrow buffers
//! (`dikduk.tables`, `dikduk.annotate_tables`, the Dask writer): no Python object is made per
//! cell, so a corpus goes to Parquet at little cost beyond annotating it.
//!
//! [`TABLES`] is the one definition of the tables and their columns; the Python side reads it
//! (`_dikduk.table_columns()`) and assembles `pyarrow` arrays from the buffers of [`Table::into_py`].
//! Every table starts with an internal `doc` column, the document's position in the batch, which
//! Python turns into `doc_id`.

use crate::document::Document;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// int64.
    Int,
    /// int64 or null.
    OptInt,
    /// UTF-8 string.
    Str,
    /// UTF-8 string or null.
    OptStr,
    /// List of UTF-8 strings.
    StrList,
}

impl Kind {
    /// The name Python sees (`int`, `int?`, `str`, `str?`, `list[str]`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Int => "int",
            Kind::OptInt => "int?",
            Kind::Str => "str",
            Kind::OptStr => "str?",
            Kind::StrList => "list[str]",
        }
    }
}

use Kind::{Int, OptInt, OptStr, Str, StrList};

/// Every table and its columns after `doc`, in order. Offsets are UTF-16 code units, `*_id` a
/// position in the document's array, `word_id` the CoNLL-U ID (1-based within the sentence).
pub const TABLES: [(&str, &[(&str, Kind)]); 7] = [
    (
        "sentences",
        &[("sentence_id", Int), ("start", Int), ("end", Int), ("token_start", Int), ("token_end", Int)],
    ),
    (
        "tokens",
        &[
            ("token_id", Int),
            ("sentence_id", Int),
            ("start", Int),
            ("end", Int),
            ("text", Str),
            ("kind", Str),
            ("morpheme_start", Int),
            ("morpheme_end", Int),
        ],
    ),
    (
        "morphemes",
        &[
            ("morpheme_id", Int),
            ("token_id", Int),
            ("sentence_id", Int),
            ("word_id", Int),
            ("form", Str),
            ("upos", Str),
            ("lemma", Str),
            ("feats", Str),
            ("head", OptInt),
            ("deprel", OptStr),
            ("start", Int),
            ("end", Int),
            ("token", Str),
        ],
    ),
    (
        "entities",
        &[
            ("entity_id", Int),
            ("label", Str),
            ("start", Int),
            ("end", Int),
            ("text", Str),
            ("token_start", Int),
            ("token_end", Int),
            ("morpheme_start", Int),
            ("morpheme_end", Int),
            ("group_id", OptInt),
            ("group_name", OptStr),
        ],
    ),
    (
        "values",
        &[
            ("value_id", Int),
            ("kind", Str),
            ("start", Int),
            ("end", Int),
            ("text", Str),
            ("value", Str),
            ("modifier", OptStr),
        ],
    ),
    (
        "quotes",
        &[
            ("quote_id", Int),
            ("start", Int),
            ("end", Int),
            ("text", Str),
            ("speaker_id", OptInt),
            ("speaker", OptStr),
            ("speaker_name", OptStr),
        ],
    ),
    ("groups", &[("group_id", Int), ("name", Str), ("label", Str), ("count", Int), ("titles", StrList)]),
];

/// Strings in Arrow's layout: `offsets[i]..offsets[i + 1]` is string `i` in `data`.
#[derive(Debug, Default)]
struct Strings {
    offsets: Vec<i64>,
    data: Vec<u8>,
}

impl Strings {
    fn push(&mut self, s: &str) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        self.data.extend_from_slice(s.as_bytes());
        self.offsets.push(self.data.len() as i64);
    }
}

/// One column's values.
#[derive(Debug)]
enum Column {
    Int(Vec<i64>),
    Opt(Vec<i64>, Vec<bool>),
    Str(Strings, Option<Vec<bool>>),
    List(Vec<i64>, Strings),
}

impl Column {
    fn new(kind: Kind) -> Self {
        match kind {
            Int => Column::Int(Vec::new()),
            OptInt => Column::Opt(Vec::new(), Vec::new()),
            Str => Column::Str(Strings::default(), None),
            OptStr => Column::Str(Strings::default(), Some(Vec::new())),
            StrList => Column::List(vec![0], Strings::default()),
        }
    }
}

/// One table being filled, row by row.
#[derive(Debug)]
pub struct Table {
    name: &'static str,
    columns: Vec<Column>,
    rows: usize,
}

/// The cell-by-cell writer of one row; cells must come in the order and kinds of [`TABLES`].
struct Row<'a> {
    table: &'a mut Table,
    at: usize,
}

impl Row<'_> {
    fn column(&mut self) -> &mut Column {
        self.at += 1;
        &mut self.table.columns[self.at - 1]
    }

    fn int(self, v: usize) -> Self {
        self.signed(v as i64)
    }

    fn signed(mut self, v: i64) -> Self {
        match self.column() {
            Column::Int(c) => c.push(v),
            other => unreachable!("int into {other:?}"),
        }
        self
    }

    fn opt_int(mut self, v: Option<usize>) -> Self {
        match self.column() {
            Column::Opt(c, valid) => {
                c.push(v.map_or(0, |v| v as i64));
                valid.push(v.is_some());
            }
            other => unreachable!("int? into {other:?}"),
        }
        self
    }

    fn str(mut self, v: &str) -> Self {
        match self.column() {
            Column::Str(c, None) => c.push(v),
            other => unreachable!("str into {other:?}"),
        }
        self
    }

    fn opt_str(mut self, v: Option<&str>) -> Self {
        match self.column() {
            Column::Str(c, Some(valid)) => {
                c.push(v.unwrap_or(""));
                valid.push(v.is_some());
            }
            other => unreachable!("str? into {other:?}"),
        }
        self
    }

    fn str_list(mut self, v: &[String]) -> Self {
        match self.column() {
            Column::List(offsets, items) => {
                for s in v {
                    items.push(s);
                }
                offsets.push(offsets.last().copied().unwrap_or(0) + v.len() as i64);
            }
            other => unreachable!("list[str] into {other:?}"),
        }
        self
    }

    fn end(self) {
        debug_assert_eq!(self.at, self.table.columns.len(), "table {}", self.table.name);
        self.table.rows += 1;
    }
}

/// A validity bitmap in Arrow's layout (bit `i` of byte `i / 8`, least significant first).
fn bitmap(valid: &[bool]) -> Vec<u8> {
    let mut bits = vec![0u8; valid.len().div_ceil(8)];
    for (i, _) in valid.iter().enumerate().filter(|(_, v)| **v) {
        bits[i / 8] |= 1 << (i % 8);
    }
    bits
}

fn le_bytes(v: &[i64]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

impl Table {
    fn new(name: &'static str, columns: &[(&str, Kind)]) -> Self {
        let columns =
            std::iter::once(Column::new(Int)).chain(columns.iter().map(|&(_, k)| Column::new(k))).collect();
        Table { name, columns, rows: 0 }
    }

    /// Starts a row of document `doc` (its position in the batch).
    fn row(&mut self, doc: usize) -> Row<'_> {
        Row { table: self, at: 0 }.int(doc)
    }

    /// `{"rows": n, "columns": [buffers, ...]}` with, per column, the Arrow buffers as bytes:
    /// `[validity or None, values]` for ints, `[validity or None, offsets, data]` for strings and
    /// `[list offsets, string offsets, string data]` for lists of strings (64-bit offsets).
    fn into_py<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let bytes = |b: &[u8]| PyBytes::new(py, b).into_any();
        let none = || py.None().into_bound(py);
        let offsets = |s: &Strings| if s.offsets.is_empty() { le_bytes(&[0]) } else { le_bytes(&s.offsets) };
        let columns = PyList::empty(py);
        for c in self.columns {
            let buffers = match c {
                Column::Int(v) => vec![none(), bytes(&le_bytes(&v))],
                Column::Opt(v, valid) => vec![bytes(&bitmap(&valid)), bytes(&le_bytes(&v))],
                Column::Str(s, valid) => {
                    let validity = valid.map_or_else(none, |v| bytes(&bitmap(&v)));
                    vec![validity, bytes(&offsets(&s)), bytes(&s.data)]
                }
                Column::List(lists, s) => vec![bytes(&le_bytes(&lists)), bytes(&offsets(&s)), bytes(&s.data)],
            };
            columns.append(PyList::new(py, buffers)?)?;
        }
        let d = PyDict::new(py);
        d.set_item("rows", self.rows)?;
        d.set_item("columns", columns)?;
        Ok(d)
    }
}

/// The seven tables of a batch of documents, filled document by document.
#[derive(Debug)]
pub struct Tables {
    tables: Vec<Table>,
    docs: usize,
}

impl Default for Tables {
    fn default() -> Self {
        Tables { tables: TABLES.iter().map(|&(name, cols)| Table::new(name, cols)).collect(), docs: 0 }
    }
}

impl Tables {
    /// Appends the rows of the next document of the batch. Never panics, even on documents whose
    /// indices disagree (given from Python): what an index cannot find is left out or null.
    pub fn add(&mut self, doc: &Document) {
        let d = self.docs;
        self.docs += 1;
        let [sentences, tokens, morphemes, entities, values, quotes, groups] = &mut self.tables[..] else {
            unreachable!("seven tables")
        };
        let n_tokens = doc.tokens.len();
        let mut sentence_of = vec![usize::MAX; n_tokens];
        for (si, s) in doc.sentences.iter().enumerate() {
            sentences.row(d).int(si).int(s.start).int(s.end).int(s.token_start).int(s.token_end).end();
            for slot in sentence_of.iter_mut().take(s.token_end.min(n_tokens)).skip(s.token_start) {
                *slot = si;
            }
        }
        let (mut morpheme, mut word, mut last_sentence) = (0usize, 0usize, usize::MAX - 1);
        for (ti, t) in doc.tokens.iter().enumerate() {
            let si = sentence_of[ti];
            if si != last_sentence {
                (word, last_sentence) = (0, si);
            }
            // A token outside every sentence (only in hand-made documents) gets sentence_id -1.
            let sid = if si == usize::MAX { -1i64 } else { si as i64 };
            let k = t.morphemes.len();
            tokens
                .row(d)
                .int(ti)
                .signed(sid)
                .int(t.start)
                .int(t.end)
                .str(&t.text)
                .str(t.kind.as_str())
                .int(morpheme)
                .int(morpheme + k)
                .end();
            for m in &t.morphemes {
                word += 1;
                morphemes
                    .row(d)
                    .int(morpheme)
                    .int(ti)
                    .signed(sid)
                    .int(word)
                    .str(&m.form)
                    .str(&m.upos)
                    .str(&m.lemma)
                    .str(&m.feats)
                    .opt_int(m.head)
                    .opt_str(m.deprel.as_deref())
                    .int(t.start)
                    .int(t.end)
                    .str(&t.text)
                    .end();
                morpheme += 1;
            }
        }
        let mut group_of = vec![None; doc.entities.len()];
        for (gi, g) in doc.entity_groups.iter().enumerate() {
            for &e in &g.mentions {
                if let Some(slot) = group_of.get_mut(e) {
                    *slot = Some(gi);
                }
            }
            groups.row(d).int(gi).str(&g.name).str(&g.label).int(g.count).str_list(&g.titles).end();
        }
        let group_name = |g: Option<usize>| g.and_then(|g| doc.entity_groups.get(g)).map(|g| g.name.as_str());
        for (ei, e) in doc.entities.iter().enumerate() {
            entities
                .row(d)
                .int(ei)
                .str(&e.label)
                .int(e.start)
                .int(e.end)
                .str(&e.text)
                .int(e.token_start)
                .int(e.token_end)
                .int(e.morpheme_start)
                .int(e.morpheme_end)
                .opt_int(group_of[ei])
                .opt_str(group_name(group_of[ei]))
                .end();
        }
        for (vi, v) in doc.values.iter().enumerate() {
            let value = serde_json::to_string(&v.value).unwrap_or_default();
            values
                .row(d)
                .int(vi)
                .str(&v.kind)
                .int(v.start)
                .int(v.end)
                .str(&v.text)
                .str(&value)
                .opt_str(v.modifier.as_deref())
                .end();
        }
        for (qi, q) in doc.quotes.iter().enumerate() {
            let speaker = q.speaker.filter(|&s| s < doc.entities.len());
            quotes
                .row(d)
                .int(qi)
                .int(q.start)
                .int(q.end)
                .str(&q.text)
                .opt_int(speaker)
                .opt_str(speaker.map(|s| doc.entities[s].text.as_str()))
                .opt_str(group_name(speaker.and_then(|s| group_of[s])))
                .end();
        }
    }

    /// `{table name: table buffers}` (see [`Table::into_py`]) plus `"docs"`: the batch's size.
    pub fn into_py<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("docs", self.docs)?;
        for t in self.tables {
            d.set_item(t.name, t.into_py(py)?)?;
        }
        Ok(d)
    }
}
