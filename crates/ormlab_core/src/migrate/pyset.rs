//! The iteration order of a CPython 3.11 `set` of strings under `PYTHONHASHSEED=0`.
//!
//! Alembic lists removed columns by iterating `set(conn_columns).difference(model_columns)`,
//! so when a table loses several columns at once, the order of the `drop_column` lines is
//! CPython's set order. The goldens are recorded with `PYTHONHASHSEED=0` (the SipHash key is
//! all zeros), which makes that order a pure function of the names: string hash
//! (SipHash-1-3 over the string's PEP 393 storage) and the set's open addressing
//! (linear probes, then perturbation), reproduced here.

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
const MIN_SIZE: usize = 8;

/// SipHash-1-3 with a zero key, as CPython's `pysiphash` computes it.
fn siphash13(data: &[u8]) -> u64 {
    let (mut v0, mut v1, mut v2, mut v3) = (0x736f6d6570736575u64, 0x646f72616e646f6du64, 0x6c7967656e657261u64, 0x7465646279746573u64);
    let round = |v0: &mut u64, v1: &mut u64, v2: &mut u64, v3: &mut u64| {
        *v0 = v0.wrapping_add(*v1);
        *v2 = v2.wrapping_add(*v3);
        *v1 = v1.rotate_left(13) ^ *v0;
        *v3 = v3.rotate_left(16) ^ *v2;
        *v0 = v0.rotate_left(32);
        *v2 = v2.wrapping_add(*v1);
        *v0 = v0.wrapping_add(*v3);
        *v1 = v1.rotate_left(17) ^ *v2;
        *v3 = v3.rotate_left(21) ^ *v0;
        *v2 = v2.rotate_left(32);
    };
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let m = u64::from_le_bytes(word);
        v3 ^= m;
        round(&mut v0, &mut v1, &mut v2, &mut v3);
        v0 ^= m;
    }
    let mut tail = [0u8; 8];
    let rest = chunks.remainder();
    if let Some(head) = tail.get_mut(..rest.len()) {
        head.copy_from_slice(rest);
    }
    let b = ((data.len() as u64) << 56) | u64::from_le_bytes(tail);
    v3 ^= b;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    v0 ^= b;
    v2 ^= 0xff;
    for _ in 0..3 {
        round(&mut v0, &mut v1, &mut v2, &mut v3);
    }
    v0 ^ v1 ^ v2 ^ v3
}

/// `hash(text)` in CPython 3.11 with `PYTHONHASHSEED=0`, as an unsigned machine word.
pub fn str_hash(text: &str) -> u64 {
    if text.is_empty() {
        return 0;
    }
    // PEP 393: the narrowest of 1, 2 or 4 bytes per code point, little-endian.
    let widest = text.chars().map(|c| c as u32).max().unwrap_or(0);
    let mut bytes = Vec::new();
    for c in text.chars() {
        let code = c as u32;
        match widest {
            0..=0xff => bytes.push(code as u8),
            0x100..=0xffff => bytes.extend_from_slice(&(code as u16).to_le_bytes()),
            _ => bytes.extend_from_slice(&code.to_le_bytes()),
        }
    }
    let hash = siphash13(&bytes);
    // -1 is reserved for errors in CPython.
    if hash == u64::MAX { u64::MAX - 1 } else { hash }
}

/// A CPython set of strings (no deletions except through [`PySet::without`]).
#[derive(Clone)]
struct PySet {
    table: Vec<Option<(u64, String)>>,
    fill: usize,
}

impl PySet {
    fn new() -> Self {
        Self { table: vec![None; MIN_SIZE], fill: 0 }
    }

    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    fn contains(&self, key: &str) -> bool {
        self.table.iter().flatten().any(|(_, k)| k == key)
    }

    /// `set_insert_clean`: place a key known to be absent into a table without dummies.
    fn insert_clean(table: &mut [Option<(u64, String)>], hash: u64, key: String) {
        let mask = table.len() - 1;
        let mut perturb = hash;
        let mut i = (hash as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            for j in 0..=probes {
                if let Some(slot @ None) = table.get_mut(i + j) {
                    *slot = Some((hash, key));
                    return;
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.table, vec![None; size]);
        for (hash, key) in old.into_iter().flatten() {
            Self::insert_clean(&mut self.table, hash, key);
        }
    }

    /// `set_add_entry` for a key that is not yet present.
    fn add(&mut self, key: &str) {
        if self.contains(key) {
            return;
        }
        let hash = str_hash(key);
        Self::insert_clean(&mut self.table, hash, key.to_string());
        self.fill += 1;
        if self.fill * 5 >= self.mask() * 3 {
            let used = self.fill;
            self.resize(if used > 50000 { used * 2 } else { used * 4 });
        }
    }

    /// `set(keys)` built from a dict: one resize up front, then insertion in dict order.
    fn from_dict_keys(keys: &[String]) -> Self {
        let mut set = Self::new();
        if keys.len() * 5 >= set.mask() * 3 {
            set.resize(keys.len() * 2);
        }
        for key in keys {
            set.add(key);
        }
        set
    }

    fn iter(&self) -> impl Iterator<Item = &String> {
        self.table.iter().flatten().map(|(_, k)| k)
    }

    /// `self.difference(other)` where `other` is a set of `other_len` keys.
    fn difference(&self, other: &[String], other_len: usize) -> Vec<String> {
        if (self.fill >> 2) > other_len {
            // set_copy_and_difference: a copy (same table size), then deletions leave the
            // survivors where they were.
            return self.iter().filter(|k| !other.contains(k)).cloned().collect();
        }
        let mut result = Self::new();
        for key in self.iter() {
            if !other.contains(key) {
                result.add(key);
            }
        }
        result.iter().cloned().collect()
    }
}

/// The order of `set(conn_names).difference(model_names)` (conn_names a dict's keys in
/// order, model_names a set): the names in `conn_names` missing from `model_names`.
pub fn set_difference_order(conn_names: &[String], model_names: &[String]) -> Vec<String> {
    let mut unique_model: Vec<String> = Vec::new();
    for name in model_names {
        if !unique_model.contains(name) {
            unique_model.push(name.clone());
        }
    }
    PySet::from_dict_keys(conn_names).difference(&unique_model, unique_model.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_like_cpython_with_seed_zero() {
        assert_eq!(str_hash("a") as i64, 4644417185603328019);
        assert_eq!(str_hash(""), 0);
        assert_eq!(str_hash("abcdefghij") as i64, -829746140550000655);
        assert_eq!(str_hash("é") as i64, 6047309291227476195);
        assert_eq!(str_hash("€x") as i64, -483395623852268653);
        assert_eq!(str_hash("old_a") as i64, 1749140198016275761);
    }

    #[test]
    fn orders_a_difference_like_cpython() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(set_difference_order(&names(&["id", "name", "fax", "pager"]), &names(&["id", "name"])), names(&["fax", "pager"]));
    }
}
