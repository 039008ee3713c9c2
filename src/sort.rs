//! One small sort for the whole crate. The standard library's sorts are fast but large:
//! each element type instantiates 2–4 KB of wasm (ipnsort, driftsort), 14.6 KB for the
//! crate's five sorts. A heapsort is a few hundred bytes per type and O(n log n) whatever
//! the input (a policy may list thousands of holidays). Not stable: callers that care
//! about ties compare a tie-breaker too.

/// Sorts `v` in place so that no element is `less` than the one before it.
pub(crate) fn sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    let mut lt = |v: &[T], a: usize, b: usize| match (v.get(a), v.get(b)) {
        (Some(x), Some(y)) => less(x, y),
        _ => false,
    };
    // Moves v[root] down the max-heap held in v[..end].
    let mut sift_down = |v: &mut [T], mut root: usize, end: usize| loop {
        let left = root.saturating_mul(2).saturating_add(1);
        if left >= end {
            break;
        }
        let right = left.saturating_add(1);
        let child = if right < end && lt(v, left, right) {
            right
        } else {
            left
        };
        if !lt(v, root, child) {
            break;
        }
        v.swap(root, child);
        root = child;
    };
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::arithmetic_side_effects)]
    use super::sort_by;

    #[test]
    fn sorts_like_the_standard_library() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for len in (0..40).chain([100, 1000, 4097]) {
            let mut v: Vec<u32> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed % 50) as u32 // many ties
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_unstable();
            sort_by(&mut v, |a, b| a < b);
            assert_eq!(v, expected, "length {len}");
        }
        let mut sorted: Vec<u32> = (0..100).collect();
        sort_by(&mut sorted, |a, b| a < b);
        assert_eq!(sorted, (0..100).collect::<Vec<_>>());
        let mut reversed: Vec<u32> = (0..100).rev().collect();
        sort_by(&mut reversed, |a, b| a < b);
        assert_eq!(reversed, (0..100).collect::<Vec<_>>());
    }
}
