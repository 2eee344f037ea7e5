//! A stand-in for `unicode-normalization`, patched in for ruff_python_parser, whose only use is
//! NFKC-normalising non-ASCII identifiers. The real crate's tables cost the page's worker about
//! 40 KB gzip; model code uses ASCII names, so NFKC is the identity here. The trade-off: two
//! non-ASCII identifiers that differ only by compatibility form (`ﬁle` vs `file`) stay distinct,
//! where CPython would treat them as one name.

/// The one method ruff calls: `text.nfkc()`.
pub trait UnicodeNormalization<I: Iterator<Item = char>> {
    /// The characters unchanged (see the crate docs).
    fn nfkc(self) -> I;
}

impl<'a> UnicodeNormalization<std::str::Chars<'a>> for &'a str {
    fn nfkc(self) -> std::str::Chars<'a> {
        self.chars()
    }
}
