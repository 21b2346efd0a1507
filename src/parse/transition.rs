//! The arc-eager transition system (Nivre 2003): a stack, a buffer front and the arcs made so far.
//!
//! Words are indexed from 0 here; the root is not a node. Words left without a head when the buffer
//! is empty are joined into one tree afterwards ([`State::finish`]).

/// No word (a missing head or child).
pub const NONE: u32 = u32::MAX;

/// The four transitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Action {
    /// Moves the buffer front onto the stack.
    Shift = 0,
    /// Pops the stack top, which has a head.
    Reduce = 1,
    /// Makes the buffer front the head of the stack top, and pops it.
    Left = 2,
    /// Makes the stack top the head of the buffer front, and pushes the front.
    Right = 3,
}

/// The actions in index order.
pub const ACTIONS: [Action; 4] = [Action::Shift, Action::Reduce, Action::Left, Action::Right];

/// The highest-scoring transition (the first of equals, in [`ACTIONS`] order) that is valid in
/// `st` and allowed by `allow`.
#[inline]
pub fn best_action(st: &State, sc: &[i32; 4], allow: impl Fn(Action) -> bool) -> Option<Action> {
    ACTIONS
        .into_iter()
        .filter(|&a| st.valid(a) && allow(a))
        .fold(None, |b: Option<Action>, a| if b.map_or(true, |b| sc[a as usize] > sc[b as usize]) { Some(a) } else { b })
}

/// A parser configuration.
#[derive(Debug, Clone)]
pub struct State {
    /// Number of words.
    pub n: usize,
    /// The stack, bottom first.
    pub stack: Vec<u32>,
    /// Index of the buffer front (`n` when the buffer is empty).
    pub b: usize,
    /// Head of each word, or [`NONE`].
    pub head: Vec<u32>,
    /// The two leftmost children of each word (nearest the edge first).
    pub left: Vec<[u32; 2]>,
    /// The two rightmost children of each word (nearest the edge first).
    pub right: Vec<[u32; 2]>,
    /// Number of left and right children of each word.
    pub valency: Vec<[u8; 2]>,
    /// Whether each word is on the stack.
    pub on_stack: Vec<bool>,
}

impl State {
    /// The start configuration for `n` words.
    pub fn new(n: usize) -> Self {
        let mut s = State {
            n: 0,
            stack: Vec::new(),
            b: 0,
            head: Vec::new(),
            left: Vec::new(),
            right: Vec::new(),
            valency: Vec::new(),
            on_stack: Vec::new(),
        };
        s.reset(n);
        s
    }

    /// Back to the start configuration for `n` words, keeping the allocations.
    pub fn reset(&mut self, n: usize) {
        self.stack.clear();
        self.b = 0;
        self.head.clear();
        self.left.clear();
        self.right.clear();
        self.valency.clear();
        self.on_stack.clear();
        self.resize(n);
    }

    /// The same configuration over a sentence of `n` words: words added at the end start
    /// untouched, and words cut from the end must be untouched (past the buffer front and its
    /// arcs), as when another analysis of the sentence differs only after them.
    pub fn resize(&mut self, n: usize) {
        self.n = n;
        self.head.resize(n, NONE);
        self.left.resize(n, [NONE; 2]);
        self.right.resize(n, [NONE; 2]);
        self.valency.resize(n, [0; 2]);
        self.on_stack.resize(n, false);
    }

    /// Makes this configuration a copy of `other`, reusing the allocations.
    pub fn copy_from(&mut self, other: &State) {
        self.n = other.n;
        self.stack.clone_from(&other.stack);
        self.b = other.b;
        self.head.clone_from(&other.head);
        self.left.clone_from(&other.left);
        self.right.clone_from(&other.right);
        self.valency.clone_from(&other.valency);
        self.on_stack.clone_from(&other.on_stack);
    }

    /// True when the buffer is empty.
    pub fn done(&self) -> bool {
        self.b >= self.n
    }

    /// The stack's `i`-th item from the top, or [`NONE`].
    #[inline]
    pub fn s(&self, i: usize) -> u32 {
        self.stack.len().checked_sub(i + 1).map_or(NONE, |k| self.stack[k])
    }

    /// The buffer's `i`-th item, or [`NONE`].
    #[inline]
    pub fn buf(&self, i: usize) -> u32 {
        let k = self.b + i;
        if k < self.n {
            k as u32
        } else {
            NONE
        }
    }

    /// Whether `a` can be applied.
    pub fn valid(&self, a: Action) -> bool {
        let s0 = self.s(0);
        match a {
            Action::Shift => !self.done(),
            Action::Reduce => s0 != NONE && self.head[s0 as usize] != NONE,
            Action::Left => !self.done() && s0 != NONE && self.head[s0 as usize] == NONE,
            Action::Right => !self.done() && s0 != NONE,
        }
    }

    /// Applies a valid action.
    pub fn apply(&mut self, a: Action) {
        match a {
            Action::Shift => {
                self.on_stack[self.b] = true;
                self.stack.push(self.b as u32);
                self.b += 1;
            }
            Action::Reduce => {
                if let Some(s) = self.stack.pop() {
                    self.on_stack[s as usize] = false;
                }
            }
            Action::Left => {
                if let Some(s) = self.stack.pop() {
                    self.on_stack[s as usize] = false;
                    self.attach(self.b as u32, s);
                }
            }
            Action::Right => {
                let s = self.s(0);
                self.attach(s, self.b as u32);
                self.on_stack[self.b] = true;
                self.stack.push(self.b as u32);
                self.b += 1;
            }
        }
    }

    fn attach(&mut self, h: u32, d: u32) {
        self.head[d as usize] = h;
        let hu = h as usize;
        if d < h {
            let l = &mut self.left[hu];
            if l[0] == NONE || d < l[0] {
                l[1] = l[0];
                l[0] = d;
            } else if l[1] == NONE || d < l[1] {
                l[1] = d;
            }
            self.valency[hu][0] = self.valency[hu][0].saturating_add(1);
        } else {
            let r = &mut self.right[hu];
            if r[0] == NONE || d > r[0] {
                r[1] = r[0];
                r[0] = d;
            } else if r[1] == NONE || d > r[1] {
                r[1] = d;
            }
            self.valency[hu][1] = self.valency[hu][1].saturating_add(1);
        }
    }

    /// The words without a head, in order.
    pub fn headless(&self) -> Vec<u32> {
        (0..self.n as u32).filter(|&i| self.head[i as usize] == NONE).collect()
    }

    /// Joins what is left into one tree: every headless word other than `root` (itself
    /// headless) is attached to it.
    pub fn finish(&mut self, root: u32) {
        for h in self.head.iter_mut().enumerate().filter(|(i, _)| *i as u32 != root).map(|x| x.1) {
            if *h == NONE {
                *h = root;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arcs_and_children_follow_the_transitions() {
        // 0 <- 1 -> 2, 1 is the root: Shift, Left, Shift, Right.
        let mut s = State::new(3);
        for a in [Action::Shift, Action::Left, Action::Shift, Action::Right] {
            assert!(s.valid(a), "{a:?}");
            s.apply(a);
        }
        assert!(s.done());
        assert_eq!(s.head, vec![1, NONE, 1]);
        assert_eq!(s.left[1], [0, NONE]);
        assert_eq!(s.right[1], [2, NONE]);
        assert_eq!(s.valency[1], [1, 1]);
        assert!(!s.valid(Action::Left));
        assert_eq!(s.headless(), vec![1]);
        s.finish(1);
        assert_eq!(s.head, vec![1, NONE, 1]);
    }

    #[test]
    fn finish_joins_fragments_under_one_root() {
        let mut s = State::new(3);
        s.apply(Action::Shift);
        s.apply(Action::Shift);
        s.apply(Action::Shift);
        assert_eq!(s.headless(), vec![0, 1, 2]);
        s.finish(2);
        assert_eq!(s.head, vec![2, 2, NONE]);
    }
}
