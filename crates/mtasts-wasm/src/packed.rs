//! The results an editor asks for on every keystroke (`analyzePolicy`, `lintPolicy`) and the
//! vocabulary, handed to JavaScript packed: every number and flag in one `u32` array, every string
//! in one string (its length in UTF-16 units among the numbers), turned into the objects of
//! api.d.ts by src/unpack.js in one call and one pass.
//!
//! Why not serde-wasm-bindgen, as for the other exports: it makes one call across the boundary per
//! object, field and string (about 1.5 µs per `mx` line, ~10 µs for a 5-line policy's result),
//! and its serializers cost the editor package ~15 KB of code. Here the DTOs of [`crate::dto`]
//! say what goes out (the same structs serde serializes elsewhere); each packs its fields in
//! declaration order, which is the order src/unpack.js reads them: change both together.

use mtasts::Severity;
use mtasts::policy::Mode;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(module = "/src/unpack.js")]
extern "C" {
    #[wasm_bindgen(js_name = unpackPolicyResult)]
    fn unpack_policy_result(numbers: &[u32], strings: &str) -> JsValue;
    #[wasm_bindgen(js_name = unpackPolicyAnalysis)]
    fn unpack_policy_analysis(numbers: &[u32], strings: &str) -> JsValue;
    #[wasm_bindgen(js_name = unpackVocabulary)]
    fn unpack_vocabulary(numbers: &[u32], strings: &str) -> JsValue;
}

/// What src/unpack.js builds from a [`Packed`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shape {
    /// `PolicyResult`.
    #[cfg_attr(not(feature = "lint"), allow(dead_code))]
    PolicyResult,
    /// `PolicyAnalysis` (its `coverage` `null`: the lint package sets it afterwards).
    PolicyAnalysis,
    /// `Vocabulary`.
    Vocabulary,
}

/// Numbers and strings in the order they were packed.
#[derive(Debug, Default)]
pub(crate) struct Packed {
    numbers: Vec<u32>,
    strings: String,
}

impl Packed {
    /// `value` packed.
    pub(crate) fn of(value: &(impl Pack + ?Sized)) -> Self {
        // Room for a small policy's result: most calls never grow them.
        let mut packed = Packed { numbers: Vec::with_capacity(256), strings: String::with_capacity(1024) };
        value.pack(&mut packed);
        packed
    }

    /// The JavaScript object of `shape` these numbers and strings make.
    pub(crate) fn unpack(&self, shape: Shape) -> JsValue {
        let unpack = match shape {
            Shape::PolicyResult => unpack_policy_result,
            Shape::PolicyAnalysis => unpack_policy_analysis,
            Shape::Vocabulary => unpack_vocabulary,
        };
        unpack(&self.numbers, &self.strings)
    }

    pub(crate) fn number(&mut self, n: u32) {
        self.numbers.push(n);
    }

    pub(crate) fn string(&mut self, s: &str) {
        self.strings.push_str(s);
        let units = if s.is_ascii() { s.len() } else { s.chars().map(char::len_utf16).sum() };
        self.number(u32::try_from(units).unwrap_or(u32::MAX));
    }
}

/// A value that packs itself: fields in declaration order.
pub(crate) trait Pack {
    fn pack(&self, out: &mut Packed);
}

impl Pack for u32 {
    fn pack(&self, out: &mut Packed) {
        out.number(*self);
    }
}

impl Pack for bool {
    fn pack(&self, out: &mut Packed) {
        out.number(u32::from(*self));
    }
}

impl Pack for str {
    fn pack(&self, out: &mut Packed) {
        out.string(self);
    }
}

impl<T: Pack + ?Sized> Pack for &T {
    fn pack(&self, out: &mut Packed) {
        (**self).pack(out);
    }
}

impl Pack for Severity {
    fn pack(&self, out: &mut Packed) {
        out.string(self.as_str());
    }
}

impl Pack for Mode {
    fn pack(&self, out: &mut Packed) {
        out.string(self.as_str());
    }
}

impl Pack for mtasts::Applicability {
    fn pack(&self, out: &mut Packed) {
        out.string(self.as_str());
    }
}

/// Several fields in a row.
macro_rules! pack_tuple {
    ($($name:ident)+) => {
        impl<$($name: Pack),+> Pack for ($($name,)+) {
            #[allow(non_snake_case)]
            fn pack(&self, out: &mut Packed) {
                let ($($name,)+) = self;
                $($name.pack(out);)+
            }
        }
    };
}
pack_tuple!(A B);
pack_tuple!(A B C);
pack_tuple!(A B C D);
pack_tuple!(A B C D E);
pack_tuple!(A B C D E F);

/// A flag (present or not), then the value when present.
impl<T: Pack> Pack for Option<T> {
    fn pack(&self, out: &mut Packed) {
        out.number(u32::from(self.is_some()));
        if let Some(value) = self {
            value.pack(out);
        }
    }
}

/// The count, then each item.
impl<T: Pack> Pack for [T] {
    fn pack(&self, out: &mut Packed) {
        out.number(u32::try_from(self.len()).unwrap_or(u32::MAX));
        for item in self {
            item.pack(out);
        }
    }
}

impl<T: Pack> Pack for Vec<T> {
    fn pack(&self, out: &mut Packed) {
        self.as_slice().pack(out);
    }
}
