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

/// The values of `Gender`, `Number`, `Person` and `Definite` in a feature string (the first of
/// each), read in one pass.
fn agreement_feats(feats: &str) -> [Option<&str>; 4] {
    let mut out = [None; 4];
    for (k, v) in feats.split('|').filter_map(|kv| kv.split_once('=')) {
        let slot = match k {
            "Gender" => 0,
            "Number" => 1,
            "Person" => 2,
            "Definite" => 3,
            _ => continue,
        };
        out[slot].get_or_insert(v);
    }
    out
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
        let form = tags::normalized(word.form.trim_matches('_'));
        let form = if form.is_empty() { word.form } else { &form };
        let f = word.feats;
        let [gender, number, person, definite] = agreement_feats(f);
        let agr = code(gender, "Masc", "Fem") | code(number, "Sing", "Plur") << 2 | code(person, "1", "3") << 4;
        let def = code(definite, "Def", "Cons");
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

/// Word `i` of `nodes`, or [`EMPTY`] for [`NONE`] (or an index past the end).
#[inline]
fn node_at(nodes: &[Node], i: u32) -> &Node {
    nodes.get(i as usize).filter(|_| i != NONE).unwrap_or(&EMPTY)
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

/// Number of word roles in a configuration whose single-word features [`role_features`] gives.
pub const ROLES: usize = 13;

/// The words of configuration `st` in each role ([`NONE`] where absent): s0, n0, n1, n2, s1, the
/// head of s0, the leftmost and rightmost children of s0, the leftmost child of n0, the head's
/// head of s0, and the second leftmost / rightmost children of s0 and n0.
#[inline]
pub fn roles(st: &State) -> [u32; ROLES] {
    let (i_s0, i_n0) = (st.s(0), st.buf(0));
    let at = |i: u32, f: fn(&State, usize) -> u32| if i == NONE { NONE } else { f(st, i as usize) };
    let i_s0h = at(i_s0, |s, i| s.head[i]);
    [
        i_s0,
        i_n0,
        st.buf(1),
        st.buf(2),
        st.s(1),
        i_s0h,
        at(i_s0, |s, i| s.left[i][0]),
        at(i_s0, |s, i| s.right[i][0]),
        at(i_n0, |s, i| s.left[i][0]),
        at(i_s0h, |s, i| s.head[i]),
        at(i_s0, |s, i| s.left[i][1]),
        at(i_s0, |s, i| s.right[i][1]),
        at(i_n0, |s, i| s.left[i][1]),
    ]
}

/// Appends the features of word `x` in role `role` (see [`roles`]) that depend on it alone.
#[inline]
pub fn role_features(role: usize, x: &Node, out: &mut Vec<u64>) {
    match role {
        0 => out.extend_from_slice(&[
            h1(2, x.w),
            h1(3, x.p),
            h2(4, x.w, x.p),
            h1(5, x.l),
            h3(68, x.place as u64, x.p, x.w),
            h1(71, x.f),
            h2(80, x.suf, x.p),
        ]),
        1 => out.extend_from_slice(&[
            h1(6, x.w),
            h1(7, x.p),
            h2(8, x.w, x.p),
            h1(9, x.l),
            h3(67, x.place as u64, x.p, x.w),
            h1(72, x.f),
            h2(79, x.suf, x.p),
        ]),
        2 => out.extend_from_slice(&[h1(10, x.w), h1(11, x.p), h2(12, x.w, x.p)]),
        3 => out.extend_from_slice(&[h1(13, x.w), h1(14, x.p)]),
        4 => out.extend_from_slice(&[h1(15, x.p), h1(16, x.w)]),
        r @ 5..=12 => {
            let t = 44 + 2 * (r as u64 - 5);
            out.extend_from_slice(&[h1(t, x.w), h1(t + 1, x.p)]);
        }
        _ => {}
    }
}

/// Appends the hashed features of configuration `st` over `nodes` to `out`: those of
/// [`pair_features`], [`child_features`] and [`shape_features`], then the single-word ones of
/// every role.
pub fn transition_features(st: &State, nodes: &[Node], out: &mut Vec<u64>) {
    let r = roles(st);
    pair_features(r[0], r[1], nodes, out);
    child_features(r[0], r[1], r[6], r[8], nodes, out);
    shape_features(st, &r, nodes, out);
    for (role, &i) in r.iter().enumerate() {
        role_features(role, node_at(nodes, i), out);
    }
}

/// Appends the features that depend only on the stack top `i_s0` and the buffer front `i_n0`
/// (either may be [`NONE`]) and the words around them.
pub fn pair_features(i_s0: u32, i_n0: u32, nodes: &[Node], out: &mut Vec<u64>) {
    let node = |i: u32| node_at(nodes, i);
    let s0 = node(i_s0);
    let n0 = node(i_n0);
    let (n1, n2) = if i_n0 == NONE { (&EMPTY, &EMPTY) } else { (node(i_n0.saturating_add(1)), node(i_n0.saturating_add(2))) };
    let d = if i_s0 == NONE || i_n0 == NONE { 8 } else { dist(i_s0, i_n0) };
    // The word before the buffer front and after the stack top, in the sentence.
    let before_n0 = node(if i_n0 == NONE || i_n0 == 0 { NONE } else { i_n0 - 1 });
    let after_s0 = node(if i_s0 == NONE { NONE } else { i_s0.saturating_add(1) });
    let same_tok = (s0.token == n0.token && i_s0 != NONE) as u64;
    out.extend_from_slice(&[
        1,
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
        h2(32, s0.w, d),
        h2(33, s0.p, d),
        h2(34, n0.w, d),
        h2(35, n0.p, d),
        h3(36, s0.w, n0.w, d),
        h3(37, s0.p, n0.p, d),
        // Hebrew: agreement, construct state, place in the token.
        h3(64, agreement(s0, n0), s0.p, n0.p),
        h4(65, s0.def as u64, n0.def as u64, s0.p, n0.p),
        h4(66, same_tok * 16 + s0.place as u64 * 4 + n0.place as u64, s0.p, n0.p, d.min(3)),
        h2(69, s0.f, n0.p),
        h2(70, n0.f, s0.p),
        h2(73, s0.l, n0.l),
        h2(74, s0.l, n0.p),
        h2(75, s0.p, n0.l),
        h3(77, before_n0.p, n0.p, s0.p),
        h3(78, after_s0.p, s0.p, n0.p),
        h4(81, s0.def as u64, n0.def as u64, s0.w, n0.p),
    ]);
}

/// Everything [`shape_features`] reads of configuration `st` (whose [`roles`] are `r`): the
/// words in the roles it uses, the valencies of the stack top and the buffer front, and whether
/// the stack top has a head. Two configurations with the same key have the same shape features.
#[inline]
pub fn shape_key(st: &State, r: &[u32; ROLES]) -> [u32; 12] {
    let (i_s0, i_n0) = (r[0], r[1]);
    let v0 = if i_s0 == NONE { [0xff; 2] } else { st.valency[i_s0 as usize] };
    let vn = if i_n0 == NONE { 0xff } else { st.valency[i_n0 as usize][0] };
    let has_head = (i_s0 != NONE && st.head[i_s0 as usize] != NONE) as u32;
    let extra = u32::from(v0[0]) | u32::from(v0[1]) << 8 | u32::from(vn) << 16 | has_head << 24;
    [r[0], r[1], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], extra]
}

/// Appends the features of configuration `st` (whose [`roles`] are `r`) that depend on the
/// arcs built so far or on the rest of the stack.
pub fn shape_features(st: &State, r: &[u32; ROLES], nodes: &[Node], out: &mut Vec<u64>) {
    let node = |i: u32| node_at(nodes, i);
    let (i_s0, i_n0) = (r[0], r[1]);
    let s0 = node(i_s0);
    let n0 = node(i_n0);
    let s1 = node(r[4]);
    let s0h = node(r[5]);
    let s0l = node(r[6]);
    let s0r = node(r[7]);
    let n0l = node(r[8]);
    let s0h2 = node(r[9]);
    let s0l2 = node(r[10]);
    let s0r2 = node(r[11]);
    let n0l2 = node(r[12]);
    let (vl0, vr0) = if i_s0 == NONE { (9, 9) } else { let v = st.valency[i_s0 as usize]; (v[0].min(4) as u64, v[1].min(4) as u64) };
    let vln = if i_n0 == NONE { 9 } else { st.valency[i_n0 as usize][0].min(4) as u64 };
    let s0_has_head = (i_s0 != NONE && st.head[i_s0 as usize] != NONE) as u64;
    out.extend_from_slice(&[
        h3(27, s0h.p, s0.p, n0.p),
        h3(28, s0.p, s0l.p, n0.p),
        h3(29, s0.p, s0r.p, n0.p),
        h3(30, s0.p, n0.p, n0l.p),
        h3(31, s1.p, s0.p, n0.p),
        h2(38, s0.w, vr0),
        h2(39, s0.p, vr0),
        h2(40, s0.w, vl0),
        h2(41, s0.p, vl0),
        h2(42, n0.w, vln),
        h2(43, n0.p, vln),
        h3(60, s0.p, s0l.p, s0l2.p),
        h3(61, s0.p, s0r.p, s0r2.p),
        h3(62, s0.p, s0h.p, s0h2.p),
        h3(63, n0.p, n0l.p, n0l2.p),
        h3(76, s0_has_head, s0.p, n0.p),
    ]);
}

/// Appends the features of the stack top `i_s0` and the buffer front `i_n0` with each other's
/// leftmost child (`i_s0l`, `i_n0l`; any of them may be [`NONE`]): the form of a noun's ו, ב or
/// את, or of a verb's ש, next to the word that would become its head. They depend on these four
/// words alone, so [`super::model::ParserModel::state_scores`] caches them with the pair.
pub fn child_features(i_s0: u32, i_n0: u32, i_s0l: u32, i_n0l: u32, nodes: &[Node], out: &mut Vec<u64>) {
    let node = |i: u32| node_at(nodes, i);
    let (s0, n0, s0l, n0l) = (node(i_s0), node(i_n0), node(i_s0l), node(i_n0l));
    out.extend_from_slice(&[
        h3(82, s0.l, n0l.w, n0.p),
        h3(83, s0.p, n0l.w, n0.p),
        h3(84, n0.l, s0l.w, s0.p),
        h3(85, n0.p, s0l.w, s0.p),
    ]);
}

/// Appends the hashed features for labelling the arc from `h` (or the root, [`NONE`]) to `d` in
/// the finished tree `head` (every word's head, [`NONE`] for the root), with `first_child` the
/// leftmost child of every word and `children` their numbers.
pub fn label_features(d: usize, h: u32, head: &[u32], first_child: &[u32], children: &[u8], nodes: &[Node], out: &mut Vec<u64>) {
    let node = |i: u32| node_at(nodes, i);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The agreement features are read in one pass, each the first of its name; names that only
    /// start like them (`Gender[psor]`) and other features are skipped.
    #[test]
    fn agreement_feats_reads_each_once() {
        assert_eq!(agreement_feats("Definite=Cons|Gender=Fem|Number=Sing"), [Some("Fem"), Some("Sing"), None, Some("Cons")]);
        assert_eq!(agreement_feats("Gender[psor]=Masc|Gender=Masc,Fem|Person=3|Person=1"), [Some("Masc,Fem"), None, Some("3"), None]);
        assert_eq!(agreement_feats(""), [None; 4]);
        assert_eq!(agreement_feats("_"), [None; 4]);
    }
}
