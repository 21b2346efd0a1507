//! The parser's features: each word's hashed attributes ([`Node`]), the transition features of a
//! configuration ([`transition_features`]) and the features of a finished arc ([`label_features`]).
//!
//! Besides the templates of Zhang & Nivre (2011) over the stack, the buffer and their children,
//! there are Hebrew ones: gender/number/person agreement, definiteness (construct state), and a
//! word's place inside its orthographic token (a prefix morpheme attaches to a later word).

use super::transition::{State, NONE};
use super::Word;
use crate::model::hash::{hash_str, hash_suffix, mix};
use crate::morph::tags;

/// A word's attributes as small numbers and hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    /// Form (normalised).
    pub w: u64,
    /// Lemma.
    pub l: u64,
    /// UPOS index + 1 (0: no word).
    pub p: u64,
    /// Features.
    pub f: u64,
    /// Last two letters of the form.
    pub suf: u64,
    /// Gender, number and person (2 bits each: none, first value, second, other).
    pub agr: u8,
    /// Definiteness: 0 none, 1 `Def`, 2 `Cons`, 3 other.
    pub def: u8,
    /// Place in the token: 0 alone, 1 first of several, 2 inside, 3 last.
    pub place: u8,
    /// Index of the orthographic token.
    pub token: u32,
}

/// The attributes of "no word here".
pub const EMPTY: Node = Node { w: 1, l: 1, p: 0, f: 1, suf: 1, agr: 0xff, def: 0xff, place: 0xff, token: u32::MAX };

fn feat<'a>(feats: &'a str, key: &str) -> Option<&'a str> {
    feats.split('|').find_map(|kv| kv.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
}

fn code(v: Option<&str>, a: &str, b: &str) -> u8 {
    match v {
        None => 0,
        Some(x) if x == a => 1,
        Some(x) if x == b => 2,
        Some(_) => 3,
    }
}

impl Node {
    /// A word's attributes.
    pub fn of(word: &Word) -> Node {
        let form = tags::normalize(word.form.trim_matches('_'));
        let form = if form.is_empty() { word.form } else { &form };
        let f = word.feats;
        let agr = code(feat(f, "Gender"), "Masc", "Fem")
            | code(feat(f, "Number"), "Sing", "Plur") << 2
            | code(feat(f, "Person"), "1", "3") << 4;
        let def = code(feat(f, "Definite"), "Def", "Cons");
        let place = match (word.token_words, word.index_in_token) {
            (0 | 1, _) => 0,
            (_, 0) => 1,
            (n, i) if i + 1 >= n => 3,
            _ => 2,
        };
        Node {
            w: hash_str(form),
            l: hash_str(word.lemma),
            p: tags::upos_id(word.upos) as u64 + 1,
            f: hash_str(f),
            suf: hash_suffix(form, 2),
            agr,
            def,
            place,
            token: word.token as u32,
        }
    }
}

/// The nodes of a sentence's words.
pub fn nodes(words: &[Word]) -> Vec<Node> {
    words.iter().map(Node::of).collect()
}

/// Distance between two words, bucketed.
fn dist(a: u32, b: u32) -> u64 {
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64,
        5..=6 => 5,
        7..=10 => 6,
        _ => 7,
    }
}

/// Agreement of two words: per attribute, both unmarked / one marked / same / different.
fn agreement(a: &Node, b: &Node) -> u64 {
    let mut out = 0u64;
    for k in 0..3 {
        let (x, y) = ((a.agr >> (2 * k)) & 3, (b.agr >> (2 * k)) & 3);
        let c = match (x, y) {
            (0, 0) => 0,
            (0, _) | (_, 0) => 1,
            _ if x == y => 2,
            _ => 3,
        };
        out = out * 4 + c;
    }
    out
}

#[inline]
fn h1(t: u64, a: u64) -> u64 {
    mix(mix(t, a), 0x51)
}
#[inline]
fn h2(t: u64, a: u64, b: u64) -> u64 {
    mix(mix(mix(t, a), b), 0x52)
}
#[inline]
fn h3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    mix(mix(mix(mix(t, a), b), c), 0x53)
}
#[inline]
fn h4(t: u64, a: u64, b: u64, c: u64, d: u64) -> u64 {
    mix(mix(mix(mix(mix(t, a), b), c), d), 0x54)
}

/// Appends the hashed features of configuration `st` over `nodes` to `out`.
pub fn transition_features(st: &State, nodes: &[Node], out: &mut Vec<u64>) {
    let node = |i: u32| if i == NONE { &EMPTY } else { &nodes[i as usize] };
    let (i_s0, i_n0) = (st.s(0), st.buf(0));
    let s0 = node(i_s0);
    let s1 = node(st.s(1));
    let n0 = node(i_n0);
    let n1 = node(st.buf(1));
    let n2 = node(st.buf(2));
    let at = |i: u32, f: fn(&State, usize) -> u32| if i == NONE { NONE } else { f(st, i as usize) };
    let i_s0h = at(i_s0, |s, i| s.head[i]);
    let s0h = node(i_s0h);
    let s0h2 = node(at(i_s0h, |s, i| s.head[i]));
    let s0l = node(at(i_s0, |s, i| s.left[i][0]));
    let s0l2 = node(at(i_s0, |s, i| s.left[i][1]));
    let s0r = node(at(i_s0, |s, i| s.right[i][0]));
    let s0r2 = node(at(i_s0, |s, i| s.right[i][1]));
    let n0l = node(at(i_n0, |s, i| s.left[i][0]));
    let n0l2 = node(at(i_n0, |s, i| s.left[i][1]));
    let d = if i_s0 == NONE || i_n0 == NONE { 8 } else { dist(i_s0, i_n0) };
    let (vl0, vr0) = if i_s0 == NONE { (9, 9) } else { let v = st.valency[i_s0 as usize]; (v[0].min(4) as u64, v[1].min(4) as u64) };
    let vln = if i_n0 == NONE { 9 } else { st.valency[i_n0 as usize][0].min(4) as u64 };
    let s0_has_head = (i_s0 != NONE && st.head[i_s0 as usize] != NONE) as u64;
    // The word before the buffer front and after the stack top, in the sentence.
    let before_n0 = node(if i_n0 == NONE || i_n0 == 0 { NONE } else { i_n0 - 1 });
    let after_s0 = node(if i_s0 == NONE || i_s0 as usize + 1 >= nodes.len() { NONE } else { i_s0 + 1 });
    let same_tok = (s0.token == n0.token && i_s0 != NONE) as u64;

    out.extend_from_slice(&[
        1,
        h1(2, s0.w),
        h1(3, s0.p),
        h2(4, s0.w, s0.p),
        h1(5, s0.l),
        h1(6, n0.w),
        h1(7, n0.p),
        h2(8, n0.w, n0.p),
        h1(9, n0.l),
        h1(10, n1.w),
        h1(11, n1.p),
        h2(12, n1.w, n1.p),
        h1(13, n2.w),
        h1(14, n2.p),
        h1(15, s1.p),
        h1(16, s1.w),
        h4(17, s0.w, s0.p, n0.w, n0.p),
        h3(18, s0.w, s0.p, n0.w),
        h3(19, s0.w, n0.w, n0.p),
        h3(20, s0.w, s0.p, n0.p),
        h3(21, s0.p, n0.w, n0.p),
        h2(22, s0.w, n0.w),
        h2(23, s0.p, n0.p),
        h2(24, n0.p, n1.p),
        h3(25, n0.p, n1.p, n2.p),
        h3(26, s0.p, n0.p, n1.p),
        h3(27, s0h.p, s0.p, n0.p),
        h3(28, s0.p, s0l.p, n0.p),
        h3(29, s0.p, s0r.p, n0.p),
        h3(30, s0.p, n0.p, n0l.p),
        h3(31, s1.p, s0.p, n0.p),
        h2(32, s0.w, d),
        h2(33, s0.p, d),
        h2(34, n0.w, d),
        h2(35, n0.p, d),
        h3(36, s0.w, n0.w, d),
        h3(37, s0.p, n0.p, d),
        h2(38, s0.w, vr0),
        h2(39, s0.p, vr0),
        h2(40, s0.w, vl0),
        h2(41, s0.p, vl0),
        h2(42, n0.w, vln),
        h2(43, n0.p, vln),
        h1(44, s0h.w),
        h1(45, s0h.p),
        h1(46, s0l.w),
        h1(47, s0l.p),
        h1(48, s0r.w),
        h1(49, s0r.p),
        h1(50, n0l.w),
        h1(51, n0l.p),
        h1(52, s0h2.w),
        h1(53, s0h2.p),
        h1(54, s0l2.w),
        h1(55, s0l2.p),
        h1(56, s0r2.w),
        h1(57, s0r2.p),
        h1(58, n0l2.w),
        h1(59, n0l2.p),
        h3(60, s0.p, s0l.p, s0l2.p),
        h3(61, s0.p, s0r.p, s0r2.p),
        h3(62, s0.p, s0h.p, s0h2.p),
        h3(63, n0.p, n0l.p, n0l2.p),
        // Hebrew: agreement, construct state, place in the token.
        h3(64, agreement(s0, n0), s0.p, n0.p),
        h4(65, s0.def as u64, n0.def as u64, s0.p, n0.p),
        h4(66, same_tok * 16 + s0.place as u64 * 4 + n0.place as u64, s0.p, n0.p, d.min(3)),
        h3(67, n0.place as u64, n0.p, n0.w),
        h3(68, s0.place as u64, s0.p, s0.w),
        h2(69, s0.f, n0.p),
        h2(70, n0.f, s0.p),
        h1(71, s0.f),
        h1(72, n0.f),
        h2(73, s0.l, n0.l),
        h2(74, s0.l, n0.p),
        h2(75, s0.p, n0.l),
        h3(76, s0_has_head, s0.p, n0.p),
        h3(77, before_n0.p, n0.p, s0.p),
        h3(78, after_s0.p, s0.p, n0.p),
        h2(79, n0.suf, n0.p),
        h2(80, s0.suf, s0.p),
        h4(81, s0.def as u64, n0.def as u64, s0.w, n0.p),
    ]);
}

/// Appends the hashed features for labelling the arc from `h` (or the root, [`NONE`]) to `d` in
/// the finished tree `head` (every word's head, [`NONE`] for the root), with `first_child` the
/// leftmost child of every word and `children` their numbers.
pub fn label_features(d: usize, h: u32, head: &[u32], first_child: &[u32], children: &[u8], nodes: &[Node], out: &mut Vec<u64>) {
    let node = |i: u32| if i == NONE { &EMPTY } else { &nodes[i as usize] };
    let dn = &nodes[d];
    let hn = node(h);
    let hh = node(if h == NONE { NONE } else { head[h as usize] });
    let fc = node(first_child[d]);
    let prev = node(if d == 0 { NONE } else { d as u32 - 1 });
    let next = node(if d + 1 >= nodes.len() { NONE } else { d as u32 + 1 });
    let dir = if h == NONE { 2 } else { (h as usize > d) as u64 };
    let dd = if h == NONE { 9 } else { dist(d as u32, h) };
    let same_tok = (h != NONE && hn.token == dn.token) as u64;
    out.extend_from_slice(&[
        1,
        h1(201, dn.w),
        h1(202, dn.p),
        h1(203, dn.l),
        h1(204, dn.f),
        h1(205, hn.w),
        h1(206, hn.p),
        h1(207, hn.l),
        h1(208, hn.f),
        h2(209, dir, dd),
        h2(210, dn.p, hn.p),
        h3(211, dn.p, hn.p, dir),
        h2(212, dn.l, hn.p),
        h2(213, dn.w, hn.p),
        h2(214, hn.l, dn.p),
        h2(215, hn.w, dn.p),
        h2(216, dn.f, hn.p),
        h2(217, dn.p, hn.f),
        h4(218, dn.def as u64, hn.def as u64, dn.p, hn.p),
        h3(219, dn.p, hn.p, hh.p),
        h2(220, fc.w, dn.p),
        h3(221, fc.w, dn.p, hn.p),
        h3(222, children[d].min(4) as u64, dn.p, dir),
        h4(223, dn.place as u64, same_tok, dn.p, hn.p),
        h3(224, prev.p, dn.p, next.p),
        h2(225, dn.suf, dn.p),
        h2(226, dn.l, dn.p),
        h4(227, agreement(dn, hn), dn.p, hn.p, dir),
        h3(228, fc.p, dn.p, hn.p),
        h3(229, dn.w, dn.place as u64, dn.p),
        h4(230, dn.p, hn.p, dir, dd),
        h2(231, dn.l, hn.l),
        h3(232, prev.w, dn.p, hn.p),
    ]);
}
