//! Ordering many records cheaply: big ones moved once, long lists cut to the first few.
//!
//! A lead's timeline or content is a quarter to half a kilobyte. Sorting 100k of them moved
//! each about 17 times, and sorting into a new vector held them all twice (33 MB at 100k
//! timelines). So the indices are sorted, and the records follow the permutation's cycles.

/// Sorts `items` by `key`, keeping the order of equal keys.
pub fn sort_by_str_key<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| key(&items[a]).cmp(key(&items[b])));
    // `order[i]` is where the item that belongs at `i` is now; a placed position points at
    // itself.
    for start in 0..items.len() {
        let mut at = start;
        while order[at] != start {
            let from = order[at];
            items.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

/// Keeps the first `n` of `items` in the order `cmp` (which must break every tie), sorted.
/// Picked in linear time: a report cuts hundreds of thousands of candidates to a screenful.
pub fn keep_first<T>(items: &mut Vec<T>, n: usize, mut cmp: impl FnMut(&T, &T) -> std::cmp::Ordering) {
    if items.len() > n {
        items.select_nth_unstable_by(n, &mut cmp);
        items.truncate(n);
    }
    items.sort_unstable_by(cmp);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_a_stable_sort(keys in proptest::collection::vec("[a-d]{0,2}", 0..60)) {
            let mut items: Vec<(String, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut expected = items.clone();
            expected.sort_by(|a, b| a.0.cmp(&b.0));
            super::sort_by_str_key(&mut items, |item| &item.0);
            prop_assert_eq!(items, expected);
        }

        #[test]
        fn keeps_the_first_n_in_order(values in proptest::collection::vec(0u8..20, 0..60), n in 0usize..70) {
            let mut items: Vec<(u8, usize)> = values.into_iter().enumerate().map(|(i, v)| (v, i)).collect();
            let mut expected = items.clone();
            expected.sort();
            expected.truncate(n);
            super::keep_first(&mut items, n, |a, b| a.cmp(b));
            prop_assert_eq!(items, expected);
        }
    }
}
