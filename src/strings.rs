//! [`StrArray`]: the elements of a numpy unicode (`U`) array, as one UTF-8 buffer and the
//! offsets of its elements (Arrow's string layout), so an array of a million strings is three
//! allocations, not a million.

use std::fmt;
use std::ops::Index;

use ndarray::{ArrayD, IxDyn};

use crate::error::{Error, Result};

/// An n-dimensional array of strings in C (row-major) order: the elements of a numpy `U` array
/// (the fixed width is the [`DynArray`](crate::DynArray)'s dtype, not part of this type).
///
/// The elements live in one UTF-8 buffer ([`values`](StrArray::values)), one after another,
/// with `len() + 1` byte offsets ([`offsets`](StrArray::offsets), the first `0`): element `i` is
/// `values[offsets[i]..offsets[i + 1]]`, a `&str` view. This is Arrow's `StringArray` layout
/// with `usize` offsets. Decoding a string array allocates the buffer and the offsets, never
/// one `String` per element, and a reshape changes the shape only.
///
/// Where an `ndarray::ArrayD<String>` is wanted, [`to_array`](StrArray::to_array) makes one
/// (one `String` per element); `DynArray::from(ArrayD<String>)` and
/// `ArrayD::<String>::try_from(DynArray)` still work and convert.
///
/// ```
/// use ndarray_descriptor::{DType, DynArray, StrArray};
/// let s = StrArray::from_shape_iter(&[2, 2], ["a", "bb", "héllo", ""])?;
/// assert_eq!(s.shape(), &[2, 2]);
/// assert_eq!(s.get(2), Some("héllo"));
/// assert_eq!(&s[[0, 1]], "bb");
/// assert_eq!(s.iter().collect::<Vec<_>>(), ["a", "bb", "héllo", ""]);
/// assert_eq!(s.values(), "abbhéllo");
/// // numpy's width is the longest element in characters: np.array([...]) is <U5
/// let arr = DynArray::from(s);
/// assert_eq!(arr.dtype(), DType::string(5));
/// let back: StrArray = arr.try_into()?;
/// assert_eq!(back.to_array()[[1, 0]], "héllo");
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StrArray {
    shape: Vec<usize>,
    /// `len() + 1` offsets into `values`, from 0 to `values.len()`, each on a char boundary.
    offsets: Vec<usize>,
    values: String,
}

impl StrArray {
    /// An array of `shape` from its elements in C order.
    ///
    /// # Errors
    /// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) when the number of elements is not
    /// the product of `shape`.
    pub fn from_shape_iter<I>(shape: &[usize], elements: I) -> Result<StrArray>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut b = StrBuilder::new();
        for s in elements {
            b.push(s.as_ref());
        }
        b.finish(shape)
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The number of dimensions.
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Element `index` in C order (the flat index), or `None` past the end.
    #[inline]
    pub fn get(&self, index: usize) -> Option<&str> {
        let start = *self.offsets.get(index)?;
        let end = *self.offsets.get(index.checked_add(1)?)?;
        self.values.get(start..end)
    }

    /// The element at an n-dimensional `index`, or `None` when it is out of bounds or has the
    /// wrong number of dimensions.
    pub fn get_at(&self, index: &[usize]) -> Option<&str> {
        if index.len() != self.shape.len() {
            return None;
        }
        let mut flat = 0usize;
        for (&i, &d) in index.iter().zip(&self.shape) {
            if i >= d {
                return None;
            }
            flat = flat * d + i;
        }
        self.get(flat)
    }

    /// The elements in C order.
    pub fn iter(&self) -> StrIter<'_> {
        StrIter {
            values: &self.values,
            offsets: &self.offsets,
        }
    }

    /// All the elements' text, one after another.
    pub fn values(&self) -> &str {
        &self.values
    }

    /// The `len() + 1` byte offsets of the elements in [`values`](StrArray::values).
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// The same elements in another shape (C order), without copying them.
    ///
    /// # Errors
    /// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) when the sizes differ.
    pub fn into_shape(mut self, shape: &[usize]) -> Result<StrArray> {
        if crate::limits::checked_product(shape) != Some(self.len()) {
            return Err(Error::bad_input(format!(
                "cannot reshape array of size {} into shape {}",
                self.len(),
                crate::shape::format_tuple(shape.iter().map(|&d| d as i64))
            )));
        }
        self.shape = shape.to_vec();
        Ok(self)
    }

    /// An `ndarray::ArrayD<String>` of the elements: one allocation per element, for code
    /// that wants owned strings.
    pub fn to_array(&self) -> ArrayD<String> {
        let v: Vec<String> = self.iter().map(str::to_owned).collect();
        // The shape's product is the element count (an invariant of the type).
        ArrayD::from_shape_vec(IxDyn(&self.shape), v)
            .unwrap_or_else(|_| ArrayD::default(IxDyn(&[0])))
    }

    /// `np.concatenate(arrays, axis=dim)`: the arrays must have the same number of dimensions
    /// and the same size in every dimension but `dim`.
    pub(crate) fn concatenate(arrays: &[&StrArray], dim: usize) -> Result<StrArray> {
        let first = arrays
            .first()
            .ok_or_else(|| Error::internal("nothing to concatenate"))?;
        let fits = |a: &StrArray| {
            a.ndim() == first.ndim()
                && dim < a.ndim()
                && a.shape
                    .iter()
                    .zip(&first.shape)
                    .enumerate()
                    .all(|(i, (x, y))| i == dim || x == y)
        };
        if !arrays.iter().all(|a| fits(a)) {
            return Err(Error::internal(format!(
                "cannot concatenate string arrays along dimension {dim}: their shapes differ"
            )));
        }
        let outer: usize = first.shape[..dim].iter().product();
        let inner: usize = first.shape[dim + 1..].iter().product();
        let elements = arrays.iter().map(|a| a.len()).sum();
        let bytes = arrays.iter().map(|a| a.values.len()).sum();
        let mut b = StrBuilder::with_capacity(elements, bytes);
        for o in 0..outer {
            for a in arrays {
                let block = a.shape[dim] * inner;
                b.extend_flat(a, o * block, (o + 1) * block);
            }
        }
        let mut shape = first.shape.clone();
        shape[dim] = arrays.iter().map(|a| a.shape[dim]).sum();
        b.finish(&shape)
    }

    /// `a[..., start..end, ...]` along dimension `dim` (a copy of those elements).
    pub(crate) fn slice_axis(&self, dim: usize, start: usize, end: usize) -> Result<StrArray> {
        if dim >= self.ndim() || start > end || end > self.shape[dim] {
            return Err(Error::internal(format!(
                "cannot take rows {start}..{end} of dimension {dim} of a string array of shape {:?}",
                self.shape
            )));
        }
        let outer: usize = self.shape[..dim].iter().product();
        let inner: usize = self.shape[dim + 1..].iter().product();
        let block = self.shape[dim] * inner;
        let mut b = StrBuilder::with_capacity(outer * (end - start) * inner, 0);
        for o in 0..outer {
            b.extend_flat(self, o * block + start * inner, o * block + end * inner);
        }
        let mut shape = self.shape.clone();
        shape[dim] = end - start;
        b.finish(&shape)
    }

    /// `count` empty strings in `shape`; `None` when the offsets cannot be allocated (the
    /// caller has bounded `count` by [`Limits`](crate::Limits)).
    pub(crate) fn empties(shape: &[usize], count: usize) -> Option<StrArray> {
        let mut offsets: Vec<usize> = Vec::new();
        offsets.try_reserve_exact(count.checked_add(1)?).ok()?;
        offsets.resize(count + 1, 0);
        let b = StrBuilder {
            offsets,
            values: String::new(),
        };
        b.finish(shape).ok()
    }

    /// The array whose elements were read in Fortran (column-major) order, in C order.
    pub(crate) fn fortran_to_c(self) -> Result<StrArray> {
        if self.ndim() < 2 {
            return Ok(self);
        }
        use ndarray::ShapeBuilder;
        // The memory position of each element, visited in logical (C) order.
        let positions =
            ArrayD::from_shape_vec(IxDyn(&self.shape).f(), (0..self.len()).collect())
                .map_err(|e| Error::internal(format!("a Fortran-order string array: {e}")))?;
        let mut b = StrBuilder::with_capacity(self.len(), self.values.len());
        for &p in positions.iter() {
            b.push(self.get(p).unwrap_or_default());
        }
        b.finish(&self.shape)
    }

    /// Each element replaced by a prefix of itself (`f` returns a prefix of its argument);
    /// the array is returned as is when no element changes.
    pub(crate) fn map_prefix(self, f: impl Fn(&str) -> &str) -> StrArray {
        if self.iter().all(|s| f(s).len() == s.len()) {
            return self;
        }
        let mut b = StrBuilder::with_capacity(self.len(), self.values.len());
        for s in self.iter() {
            b.push(f(s));
        }
        StrArray {
            shape: self.shape,
            offsets: b.offsets,
            values: b.values,
        }
    }

    /// numpy's natural width: the longest element in characters, at least 1.
    pub(crate) fn natural_width(&self) -> u32 {
        let longest = if self.values.is_ascii() {
            self.offsets
                .windows(2)
                .map(|w| w[1] - w[0])
                .max()
                .unwrap_or(0)
        } else {
            self.iter().map(|s| s.chars().count()).max().unwrap_or(0)
        };
        u32::try_from(longest.max(1)).unwrap_or(u32::MAX)
    }

    /// numpy strips trailing NULs whenever it reads a `U` element back.
    pub(crate) fn trim_nuls(self) -> StrArray {
        if !self.values.as_bytes().contains(&0) {
            return self;
        }
        self.map_prefix(|s| s.trim_end_matches('\0'))
    }

    /// Every element cut to at most `width` characters, as numpy stores it in `U<width>`.
    pub(crate) fn truncate_chars(self, width: usize) -> StrArray {
        // A byte length within the width is a char count within it.
        if self.offsets.windows(2).all(|w| w[1] - w[0] <= width) {
            return self;
        }
        self.map_prefix(|s| match s.char_indices().nth(width) {
            Some((cut, _)) => &s[..cut],
            None => s,
        })
    }
}

impl Default for StrArray {
    /// An empty 1-D array.
    fn default() -> StrArray {
        StrArray {
            shape: vec![0],
            offsets: vec![0],
            values: String::new(),
        }
    }
}

impl fmt::Debug for StrArray {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StrArray")
            .field("shape", &self.shape)
            .field("elements", &self.iter().collect::<Vec<_>>())
            .finish()
    }
}

/// Element `index` in C order; panics past the end, as slice indexing does.
impl Index<usize> for StrArray {
    type Output = str;
    fn index(&self, index: usize) -> &str {
        match self.get(index) {
            Some(s) => s,
            None => panic!("index {index} out of bounds for {} strings", self.len()),
        }
    }
}

/// The element at an n-dimensional index (`s[[1, 0]]`); panics out of bounds, as ndarray's
/// indexing does.
impl<const N: usize> Index<[usize; N]> for StrArray {
    type Output = str;
    fn index(&self, index: [usize; N]) -> &str {
        match self.get_at(&index) {
            Some(s) => s,
            None => panic!("index {index:?} out of bounds for shape {:?}", self.shape),
        }
    }
}

/// The elements of a [`StrArray`] in C order.
#[derive(Debug, Clone)]
pub struct StrIter<'a> {
    values: &'a str,
    /// The offsets not yet passed: `[start, .., end]`.
    offsets: &'a [usize],
}

impl<'a> Iterator for StrIter<'a> {
    type Item = &'a str;
    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        match self.offsets {
            [start, end, ..] => {
                let s = self.values.get(*start..*end);
                self.offsets = &self.offsets[1..];
                s
            }
            _ => None,
        }
    }
    #[inline]
    fn nth(&mut self, n: usize) -> Option<&'a str> {
        self.offsets = self.offsets.get(n..).unwrap_or(&[]);
        self.next()
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.offsets.len().saturating_sub(1);
        (n, Some(n))
    }
}

impl DoubleEndedIterator for StrIter<'_> {
    #[inline]
    fn next_back(&mut self) -> Option<Self::Item> {
        match self.offsets {
            [.., start, end] => {
                let s = self.values.get(*start..*end);
                self.offsets = &self.offsets[..self.offsets.len() - 1];
                s
            }
            _ => None,
        }
    }
}

impl ExactSizeIterator for StrIter<'_> {}

impl<'a> IntoIterator for &'a StrArray {
    type Item = &'a str;
    type IntoIter = StrIter<'a>;
    fn into_iter(self) -> StrIter<'a> {
        self.iter()
    }
}

/// A 1-D array of the strings.
impl<S: AsRef<str>> FromIterator<S> for StrArray {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> StrArray {
        let mut b = StrBuilder::new();
        for s in iter {
            b.push(s.as_ref());
        }
        b.finish_1d()
    }
}

/// A 1-D array of the strings.
impl<S: AsRef<str>> From<Vec<S>> for StrArray {
    fn from(v: Vec<S>) -> StrArray {
        v.iter().collect()
    }
}

/// A 1-D array of the strings.
impl<S: AsRef<str>> From<&[S]> for StrArray {
    fn from(v: &[S]) -> StrArray {
        v.iter().collect()
    }
}

/// The elements in logical (C) order, whatever the array's memory layout.
impl<S: AsRef<str>> From<&ArrayD<S>> for StrArray {
    fn from(a: &ArrayD<S>) -> StrArray {
        let mut b = StrBuilder::with_capacity(a.len(), 0);
        for s in a.iter() {
            b.push(s.as_ref());
        }
        StrArray {
            shape: a.shape().to_vec(),
            offsets: b.offsets,
            values: b.values,
        }
    }
}

/// The elements in logical (C) order, whatever the array's memory layout.
impl<S: AsRef<str>> From<ArrayD<S>> for StrArray {
    fn from(a: ArrayD<S>) -> StrArray {
        StrArray::from(&a)
    }
}

/// Builds a [`StrArray`] element by element, writing each straight into the shared buffer.
#[derive(Debug, Default)]
pub(crate) struct StrBuilder {
    pub(crate) offsets: Vec<usize>,
    /// The text of the finished elements, then the one being written.
    pub(crate) values: String,
}

impl StrBuilder {
    pub(crate) fn new() -> StrBuilder {
        StrBuilder {
            offsets: vec![0],
            values: String::new(),
        }
    }

    /// Capacity for `elements` strings of `bytes` bytes in all: callers size it from what the
    /// input carries, never from what it claims.
    pub(crate) fn with_capacity(elements: usize, bytes: usize) -> StrBuilder {
        let mut offsets = Vec::with_capacity(elements.saturating_add(1));
        offsets.push(0);
        StrBuilder {
            offsets,
            values: String::with_capacity(bytes),
        }
    }

    /// The number of finished elements.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// One element.
    #[inline]
    pub(crate) fn push(&mut self, s: &str) {
        self.values.push_str(s);
        self.end();
    }

    /// End the element written into `values` since the last one ended.
    #[inline]
    pub(crate) fn end(&mut self) {
        self.offsets.push(self.values.len());
    }

    /// Elements `start..end` (C order) of `a`, appended: one copy of their text.
    pub(crate) fn extend_flat(&mut self, a: &StrArray, start: usize, end: usize) {
        let Some(offs) = a.offsets.get(start..=end) else {
            return;
        };
        let (base, last) = (offs[0], offs[offs.len() - 1]);
        let shift = self.values.len();
        self.values.push_str(&a.values[base..last]);
        self.offsets
            .extend(offs[1..].iter().map(|&o| o - base + shift));
    }

    /// Drop the element being written (back to the last end).
    #[inline]
    pub(crate) fn discard_open(&mut self) {
        let last = self.offsets[self.offsets.len() - 1];
        self.values.truncate(last);
    }

    /// The array of `shape`.
    ///
    /// # Errors
    /// Bad input when the element count is not the product of `shape`.
    pub(crate) fn finish(mut self, shape: &[usize]) -> Result<StrArray> {
        self.discard_open();
        let n = self.len();
        if crate::limits::checked_product(shape) != Some(n) {
            return Err(Error::bad_input(format!(
                "cannot reshape array of size {n} into shape {}",
                crate::shape::format_tuple(shape.iter().map(|&d| d as i64))
            )));
        }
        Ok(StrArray {
            shape: shape.to_vec(),
            offsets: self.offsets,
            values: self.values,
        })
    }

    /// A 1-D array of the elements.
    pub(crate) fn finish_1d(mut self) -> StrArray {
        self.discard_open();
        StrArray {
            shape: vec![self.len()],
            offsets: self.offsets,
            values: self.values,
        }
    }
}

/// Builds a [`StrArray`] from raw bytes that are checked as UTF-8 once, at the end: for
/// decoders that copy text from their input (JSON strings), where one check of the whole buffer
/// is much cheaper than one per element.
#[derive(Debug, Default)]
pub(crate) struct Utf8Builder {
    pub(crate) offsets: Vec<usize>,
    /// The bytes of the finished elements, then those of the one being written.
    pub(crate) bytes: Vec<u8>,
}

impl Utf8Builder {
    /// Capacity for `elements` strings of `bytes` bytes in all, sized by the input.
    pub(crate) fn with_capacity(elements: usize, bytes: usize) -> Utf8Builder {
        let mut offsets = Vec::with_capacity(elements.saturating_add(1));
        offsets.push(0);
        Utf8Builder {
            offsets,
            bytes: Vec::with_capacity(bytes),
        }
    }

    /// The number of finished elements.
    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// End the element written into `bytes` since the last one ended.
    #[inline(always)]
    pub(crate) fn end(&mut self) {
        self.offsets.push(self.bytes.len());
    }

    /// The array of `shape`, or `None` when the bytes are not UTF-8, an element does not
    /// start on a character, or the count is not the shape's.
    pub(crate) fn finish(mut self, shape: &[usize]) -> Option<StrArray> {
        let last = self.offsets[self.offsets.len() - 1];
        self.bytes.truncate(last);
        let values = String::from_utf8(self.bytes).ok()?;
        // The whole is UTF-8; every element is too when each starts on a character.
        if !self.offsets.iter().all(|&o| values.is_char_boundary(o)) {
            return None;
        }
        StrBuilder {
            offsets: self.offsets,
            values,
        }
        .finish(shape)
        .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_views_and_shapes() {
        let s = StrArray::from_shape_iter(&[2, 3], ["a", "", "héllo", "x\0", "yz", "😀"]).unwrap();
        assert_eq!(s.len(), 6);
        assert_eq!(s.offsets(), &[0, 1, 1, 7, 9, 11, 15]);
        assert_eq!(s.get(3), Some("x\0"));
        assert_eq!(s.get(6), None);
        assert_eq!(s.get(usize::MAX), None);
        assert_eq!(s.get_at(&[1, 2]), Some("😀"));
        assert_eq!(s.get_at(&[2, 0]), None);
        assert_eq!(s.get_at(&[0]), None);
        assert_eq!(&s[[0, 2]], "héllo");
        assert_eq!(&s[4], "yz");
        assert_eq!(s.iter().next_back(), Some("😀"));
        assert_eq!(s.iter().len(), 6);
        assert_eq!(s.iter().nth(4), Some("yz"));
        assert_eq!(
            s.iter().skip(2).take(2).collect::<Vec<_>>(),
            ["héllo", "x\0"]
        );
        assert_eq!(s.iter().nth(6), None);
        assert_eq!(s.iter().nth(usize::MAX), None);
        let moved = s.clone();
        let before = moved.values().as_ptr();
        let r = moved.into_shape(&[3, 2]).unwrap();
        assert_eq!(
            r.values().as_ptr(),
            before,
            "a reshape does not copy the text"
        );
        assert_eq!(&r[[1, 0]], "héllo");
        assert_eq!(
            s.clone().into_shape(&[4]).unwrap_err().message(),
            "cannot reshape array of size 6 into shape (4,)"
        );
        let e = StrArray::from_shape_iter(&[2], ["a"]).unwrap_err();
        assert_eq!(
            e.message(),
            "cannot reshape array of size 1 into shape (2,)"
        );
        let a = s.to_array();
        assert_eq!(a.shape(), &[2, 3]);
        assert_eq!(a[[1, 0]], "x\0");
        assert_eq!(StrArray::from(&a), s);
        assert_eq!(StrArray::from(a.t().to_owned()).get(1), Some("x\0"));
        assert_eq!(
            format!("{:?}", StrArray::from(vec!["a"])),
            r#"StrArray { shape: [1], elements: ["a"] }"#
        );
    }

    #[test]
    fn numpy_rules() {
        let s = StrArray::from(vec!["ab\0", "\0", "a\0b", "héllo"]);
        assert_eq!(s.natural_width(), 5);
        let t = s.clone().trim_nuls();
        assert_eq!(t.iter().collect::<Vec<_>>(), ["ab", "", "a\0b", "héllo"]);
        let c = t.truncate_chars(2);
        assert_eq!(c.iter().collect::<Vec<_>>(), ["ab", "", "a\0", "hé"]);
        assert_eq!(StrArray::from(Vec::<String>::new()).natural_width(), 1);
    }

    #[test]
    fn concatenate_and_slice_like_numpy() {
        let a = StrArray::from_shape_iter(&[2, 2], ["a", "b", "c", "d"]).unwrap();
        let b = StrArray::from_shape_iter(&[2, 1], ["X", "Y"]).unwrap();
        // np.concatenate([a, b], axis=1) → [["a","b","X"],["c","d","Y"]]
        let c = StrArray::concatenate(&[&a, &b], 1).unwrap();
        assert_eq!(c.shape(), &[2, 3]);
        assert_eq!(c.iter().collect::<Vec<_>>(), ["a", "b", "X", "c", "d", "Y"]);
        let r = StrArray::concatenate(&[&a, &a], 0).unwrap();
        assert_eq!(r.shape(), &[4, 2]);
        assert_eq!(
            r.iter().collect::<Vec<_>>(),
            ["a", "b", "c", "d", "a", "b", "c", "d"]
        );
        assert!(StrArray::concatenate(&[&a, &b], 0).is_err());
        assert_eq!(
            c.slice_axis(1, 1, 3).unwrap().iter().collect::<Vec<_>>(),
            ["b", "X", "d", "Y"]
        );
        assert_eq!(c.slice_axis(1, 1, 3).unwrap().shape(), &[2, 2]);
        assert_eq!(
            r.slice_axis(0, 3, 4).unwrap().iter().collect::<Vec<_>>(),
            ["c", "d"]
        );
        assert!(r.slice_axis(0, 3, 5).is_err());
        assert!(r.slice_axis(2, 0, 0).is_err());
        // Elements read in Fortran order: np.asfortranarray(a).ravel(order="K") back to C order.
        let f = StrArray::from_shape_iter(&[2, 3], ["a", "d", "b", "e", "c", "f"]).unwrap();
        let c = f.fortran_to_c().unwrap();
        assert_eq!(c.iter().collect::<Vec<_>>(), ["a", "b", "c", "d", "e", "f"]);
        let e = StrArray::empties(&[2, 0, 3], 0).unwrap();
        assert_eq!((e.shape(), e.len()), (&[2usize, 0, 3][..], 0));
        assert_eq!(
            StrArray::empties(&[3], 3).unwrap(),
            StrArray::from(vec!["", "", ""])
        );
    }
}
