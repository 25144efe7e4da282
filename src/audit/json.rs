//! A row to jsonb exactly as `to_jsonb(row)` writes it, built straight from the row's values.
//!
//! # Why not call to_jsonb on the row?
//! to_jsonb looks every column's type up in the catalog again for every row (base type, type
//! category, output function), writes numbers out as text to parse them back, and copies text
//! through its output function. Here that work is done once per table: each column gets a
//! `Plan` from the same rules to_jsonb follows (jsonb.c's jsonb_categorize_type and
//! datum_to_jsonb), and the values are pushed into PostgreSQL's own jsonb builder
//! (pushJsonbValue, JsonbValueToJsonb). Types whose rendering is more than a scalar (arrays,
//! composites, json, types with a cast to json) are handed to to_jsonb itself, one value at a
//! time. tests/sql/audit_fidelity.sql compares the result with to_jsonb for every built-in type.

use pgrx::pg_sys;
use pgrx::pg_sys::{JsonbIteratorToken as Tok, jbvType};
use std::ffi::{CStr, c_char};

/// How one column's value becomes JSON (the categories of jsonb_categorize_type).
pub(super) enum Plan {
    /// JSONBTYPE_BOOL.
    Bool,
    /// int2, int4, int8 (JSONBTYPE_NUMERIC): a JSON number; the width of the stored value.
    Int(i16),
    /// numeric: a JSON number, or NaN / Infinity as the string numeric_out writes.
    Numeric(*mut pg_sys::FmgrInfo),
    /// float4, float8: their text output as a JSON number, unless it is NaN or an infinity.
    Float(*mut pg_sys::FmgrInfo),
    /// text, varchar, char(n): the stored characters (what their output functions return).
    Text,
    /// date, timestamp, timestamptz (JSONBTYPE_DATE, _TIMESTAMP, _TIMESTAMPTZ): ISO 8601.
    DateTime(pg_sys::Oid),
    /// jsonb: embedded.
    Jsonb,
    /// Arrays whose elements have one of the plans above: a JSON array, nested by dimension
    /// (array_to_jsonb_internal). The element's plan, type, length, by-value and alignment.
    Array(Box<Plan>, pg_sys::Oid, i16, bool, c_char),
    /// Other built-in scalar types (JSONBTYPE_OTHER): their text output as a JSON string.
    Output(*mut pg_sys::FmgrInfo),
    /// Arrays, composites, json and types of extensions (which may have a cast to json):
    /// to_jsonb's C function on the value, set up for the column's type.
    ToJsonb(*mut pg_sys::FmgrInfo),
}

/// Lives as long as the backend, like the per-table facts it belongs to.
unsafe fn output_fn(typid: pg_sys::Oid) -> *mut pg_sys::FmgrInfo {
    unsafe {
        let mut func = pg_sys::InvalidOid;
        let mut varlena = false;
        pg_sys::getTypeOutputInfo(typid, &mut func, &mut varlena);
        let flinfo = pg_sys::MemoryContextAllocZero(
            pg_sys::TopMemoryContext,
            std::mem::size_of::<pg_sys::FmgrInfo>(),
        ) as *mut pg_sys::FmgrInfo;
        pg_sys::fmgr_info_cxt(func, flinfo, pg_sys::TopMemoryContext);
        flinfo
    }
}

/// to_jsonb's C function with its argument's type made known, as a call from SQL would make it
/// (to_jsonb reads the type from the call expression). Lives as long as the backend.
pub(super) unsafe fn to_jsonb_for(argtype: pg_sys::Oid) -> *mut pg_sys::FmgrInfo {
    unsafe {
        let old = pg_sys::MemoryContextSwitchTo(pg_sys::TopMemoryContext);
        let to_jsonb = pg_sys::Oid::from(pg_sys::F_TO_JSONB);
        let flinfo =
            pg_sys::palloc0(std::mem::size_of::<pg_sys::FmgrInfo>()) as *mut pg_sys::FmgrInfo;
        pg_sys::fmgr_info_cxt(to_jsonb, flinfo, pg_sys::TopMemoryContext);
        let arg = pg_sys::makeNullConst(argtype, -1, pg_sys::InvalidOid);
        let args = pg_sys::list_make1_impl(
            pg_sys::NodeTag::T_List,
            pg_sys::ListCell {
                ptr_value: arg.cast(),
            },
        );
        (*flinfo).fn_expr = pg_sys::makeFuncExpr(
            to_jsonb,
            pg_sys::JSONBOID,
            args,
            pg_sys::InvalidOid,
            pg_sys::InvalidOid,
            pg_sys::CoercionForm::COERCE_EXPLICIT_CALL,
        )
        .cast();
        pg_sys::MemoryContextSwitchTo(old);
        flinfo
    }
}

/// The plan for a column of type `typid`: jsonb_categorize_type's decision, made once.
pub(super) unsafe fn plan(typid: pg_sys::Oid) -> Plan {
    unsafe {
        // to_jsonb looks through domains to the base type.
        let base = pg_sys::getBaseType(typid);
        match base {
            pg_sys::BOOLOID => Plan::Bool,
            pg_sys::INT2OID => Plan::Int(2),
            pg_sys::INT4OID => Plan::Int(4),
            pg_sys::INT8OID => Plan::Int(8),
            pg_sys::NUMERICOID => Plan::Numeric(output_fn(base)),
            pg_sys::FLOAT4OID | pg_sys::FLOAT8OID => Plan::Float(output_fn(base)),
            pg_sys::TEXTOID | pg_sys::VARCHAROID | pg_sys::BPCHAROID => Plan::Text,
            pg_sys::DATEOID | pg_sys::TIMESTAMPOID | pg_sys::TIMESTAMPTZOID => Plan::DateTime(base),
            pg_sys::JSONBOID => Plan::Jsonb,
            _ if pg_sys::get_element_type(base) != pg_sys::InvalidOid => {
                let elem = pg_sys::get_element_type(base);
                match plan(elem) {
                    Plan::ToJsonb(_) | Plan::Array(..) => Plan::ToJsonb(to_jsonb_for(typid)),
                    elem_plan => {
                        let (mut len, mut byval, mut align) = (0i16, false, 0 as c_char);
                        pg_sys::get_typlenbyvalalign(elem, &mut len, &mut byval, &mut align);
                        Plan::Array(Box::new(elem_plan), elem, len, byval, align)
                    }
                }
            }
            // Only types made after initdb are checked for a cast to json.
            _ if u32::from(base) < pg_sys::FirstNormalObjectId
                && base != pg_sys::JSONOID
                && base != pg_sys::ANYARRAYOID
                && base != pg_sys::ANYCOMPATIBLEARRAYOID
                && base != pg_sys::RECORDARRAYOID
                && pg_sys::get_element_type(base) == pg_sys::InvalidOid
                && !pg_sys::type_is_rowtype(base) =>
            {
                Plan::Output(output_fn(base))
            }
            _ => Plan::ToJsonb(to_jsonb_for(typid)),
        }
    }
}

/// One key and value of the object being built.
pub(super) struct Member<'a> {
    /// The column name, NUL-terminated.
    pub name: &'a CStr,
    pub plan: &'a Plan,
    /// None for SQL NULL.
    pub value: Option<pg_sys::Datum>,
    /// Write the string `[redacted]` instead of a non-NULL value.
    pub redacted: bool,
}

fn string(val: *const c_char, len: usize) -> pg_sys::JsonbValue {
    // What checkStringLen() refuses in jsonb.c.
    if len > pg_sys::JENTRY_OFFLENMASK as usize {
        pgrx::ereport!(
            pgrx::PgLogLevel::ERROR,
            pgrx::PgSqlErrorCode::ERRCODE_PROGRAM_LIMIT_EXCEEDED,
            "string too long to represent as jsonb string",
            format!(
                "Due to an implementation restriction, jsonb strings cannot exceed {} bytes.",
                pg_sys::JENTRY_OFFLENMASK
            )
        );
    }
    let mut v = pg_sys::JsonbValue {
        type_: jbvType::jbvString,
        val: unsafe { std::mem::zeroed() },
    };
    v.val.string = pg_sys::JsonbValue__bindgen_ty_1__bindgen_ty_1 {
        len: len as i32,
        val: val.cast_mut(),
    };
    v
}

fn cstring(s: *mut c_char) -> pg_sys::JsonbValue {
    // SAFETY: a NUL-terminated string from an output function.
    string(s, unsafe { CStr::from_ptr(s) }.to_bytes().len())
}

fn numeric(n: pg_sys::Numeric) -> pg_sys::JsonbValue {
    let mut v = pg_sys::JsonbValue {
        type_: jbvType::jbvNumeric,
        val: unsafe { std::mem::zeroed() },
    };
    v.val.numeric = n;
    v
}

fn null() -> pg_sys::JsonbValue {
    pg_sys::JsonbValue {
        type_: jbvType::jbvNull,
        val: unsafe { std::mem::zeroed() },
    }
}

/// A jsonb document as a value of the tree: its scalar, or its container expanded. A container
/// has to be expanded because JsonbValueToJsonb serializes trees of plain values only;
/// pushJsonbValue does the expansion when handed the container as an array element.
unsafe fn jsonb_value(jsonb: *mut pg_sys::Jsonb) -> pg_sys::JsonbValue {
    unsafe {
        let root = &raw mut (*jsonb).root;
        let mut v = null();
        if (*root).header & pg_sys::JB_FSCALAR != 0 {
            pg_sys::JsonbExtractScalar(root, &mut v);
            return v;
        }
        v.type_ = jbvType::jbvBinary;
        v.val.binary = pg_sys::JsonbValue__bindgen_ty_1__bindgen_ty_4 {
            len: (pgrx::varlena::varsize(jsonb.cast()) - pg_sys::VARHDRSZ) as i32,
            data: root,
        };
        let mut state: *mut pg_sys::JsonbParseState = std::ptr::null_mut();
        pg_sys::pushJsonbValue(&mut state, Tok::WJB_BEGIN_ARRAY, std::ptr::null_mut());
        pg_sys::pushJsonbValue(&mut state, Tok::WJB_ELEM, &mut v);
        let wrapper = pg_sys::pushJsonbValue(&mut state, Tok::WJB_END_ARRAY, std::ptr::null_mut());
        *(*wrapper).val.array.elems
    }
}

/// A varlena as stored in a tuple, made plain for reading: decompressed and fetched from TOAST
/// when it is, untouched (no call into the server) when it already is plain. `packed` accepts
/// a short (1-byte) header, as text does; numeric and jsonb need the 4-byte one.
unsafe fn plain(d: pg_sys::Datum, packed: bool) -> *mut pg_sys::varlena {
    unsafe {
        let p = d.cast_mut_ptr::<pg_sys::varlena>();
        let ready = if packed {
            !pgrx::varlena::varatt_is_1b_e(p) && !pgrx::varlena::varatt_is_4b_c(p)
        } else {
            pgrx::varlena::varatt_is_4b_u(p)
        };
        if ready {
            p
        } else if packed {
            pg_sys::pg_detoast_datum_packed(p)
        } else {
            pg_sys::pg_detoast_datum(p)
        }
    }
}

/// `count` values, uninitialized, in the current memory context.
unsafe fn alloc_values<T>(count: usize) -> *mut T {
    unsafe { pg_sys::palloc(std::mem::size_of::<T>() * count.max(1)).cast() }
}

fn array(elems: *mut pg_sys::JsonbValue, count: usize) -> pg_sys::JsonbValue {
    let mut v = null();
    v.type_ = jbvType::jbvArray;
    v.val.array = pg_sys::JsonbValue__bindgen_ty_1__bindgen_ty_2 {
        nElems: count as i32,
        elems,
        rawScalar: false,
    };
    v
}

/// The elements of dimension `dim` onward, as nested JSON arrays (array_dim_to_jsonb).
unsafe fn dims_value(
    plan: &Plan,
    dims: &[i32],
    elements: &[pg_sys::Datum],
    nulls: &[bool],
    next: &mut usize,
) -> pg_sys::JsonbValue {
    unsafe {
        let count = dims[0] as usize;
        let elems = alloc_values::<pg_sys::JsonbValue>(count);
        for i in 0..count {
            let v = if dims.len() > 1 {
                dims_value(plan, &dims[1..], elements, nulls, next)
            } else {
                let v = if nulls[*next] {
                    null()
                } else {
                    value(plan, elements[*next])
                };
                *next += 1;
                v
            };
            elems.add(i).write(v);
        }
        array(elems, count)
    }
}

/// A non-NULL value as a node of the tree, as datum_to_jsonb renders it.
unsafe fn value(plan: &Plan, d: pg_sys::Datum) -> pg_sys::JsonbValue {
    unsafe {
        match plan {
            Plan::Bool => {
                let mut v = null();
                v.type_ = jbvType::jbvBool;
                v.val.boolean = d.value() != 0;
                v
            }
            Plan::Int(width) => {
                let n = match width {
                    2 => d.value() as i16 as i64,
                    4 => d.value() as i32 as i64,
                    _ => d.value() as i64,
                };
                numeric(pg_sys::int64_to_numeric(n))
            }
            Plan::Numeric(out) => {
                let n = plain(d, false) as pg_sys::Numeric;
                if pg_sys::numeric_is_nan(n) || pg_sys::numeric_is_inf(n) {
                    cstring(pg_sys::OutputFunctionCall(*out, pg_sys::Datum::from(n)))
                } else {
                    numeric(n)
                }
            }
            Plan::Float(out) => {
                let text = pg_sys::OutputFunctionCall(*out, d);
                let bytes = CStr::from_ptr(text).to_bytes();
                // datum_to_jsonb's test: output with an N or n is NaN or an infinity.
                if bytes.iter().any(|&b| b == b'N' || b == b'n') {
                    cstring(text)
                } else {
                    let n = pgrx::direct_function_call_as_datum(
                        pg_sys::numeric_in,
                        &[
                            Some(pg_sys::Datum::from(text)),
                            Some(pg_sys::Datum::from(pg_sys::InvalidOid)),
                            Some(pg_sys::Datum::from(-1i32)),
                        ],
                    )
                    .expect("numeric_in returns a value");
                    numeric(n.cast_mut_ptr())
                }
            }
            Plan::Text => {
                let t = plain(d, true);
                string(
                    pgrx::varlena::vardata_any(t),
                    pgrx::varlena::varsize_any_exhdr(t),
                )
            }
            Plan::DateTime(typid) => cstring(pg_sys::JsonEncodeDateTime(
                std::ptr::null_mut(),
                d,
                *typid,
                std::ptr::null(),
            )),
            Plan::Output(out) => cstring(pg_sys::OutputFunctionCall(*out, d)),
            Plan::Jsonb => jsonb_value(plain(d, false).cast()),
            Plan::ToJsonb(to_jsonb) => {
                let jsonb = pg_sys::FunctionCall1Coll(*to_jsonb, pg_sys::InvalidOid, d);
                jsonb_value(jsonb.cast_mut_ptr())
            }
            Plan::Array(elem, elemtype, len, byval, align) => {
                let array_value = plain(d, false) as *mut pg_sys::ArrayType;
                let ndim = (*array_value).ndim.max(0) as usize;
                // ARR_DIMS: the dimensions follow the fixed header.
                let dims = std::slice::from_raw_parts(array_value.add(1) as *const i32, ndim);
                if ndim == 0 || dims.iter().any(|&d| d <= 0) {
                    return array(std::ptr::null_mut(), 0);
                }
                let mut elements: *mut pg_sys::Datum = std::ptr::null_mut();
                let mut nulls: *mut bool = std::ptr::null_mut();
                let mut count = 0;
                pg_sys::deconstruct_array(
                    array_value,
                    *elemtype,
                    *len as i32,
                    *byval,
                    *align,
                    &mut elements,
                    &mut nulls,
                    &mut count,
                );
                let count = count as usize;
                let elements = std::slice::from_raw_parts(elements, count);
                let nulls = std::slice::from_raw_parts(nulls, count);
                dims_value(elem, dims, elements, nulls, &mut 0)
            }
        }
    }
}

/// The order jsonb keeps an object's keys in (shorter first, then bytewise): members pushed in
/// it make the builder's final sort a single pass.
pub(super) fn key_order(a: &CStr, b: &CStr) -> std::cmp::Ordering {
    let (a, b) = (a.to_bytes(), b.to_bytes());
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// The key and value pairs of an object of `members`, values converted, in the current memory
/// context. Members must come in `key_order` with distinct names (a table's columns): the pairs
/// are then already what pushJsonbValue would make of them after sorting and de-duplicating the
/// keys, so the object is assembled as a finished tree and serialized once, without a parse
/// state copying every value. `shared` gives the pairs of the same members in another version
/// of the row and which values are the same there (an UPDATE's unchanged columns): those values
/// are taken as they were converted for it.
pub(super) unsafe fn pairs(
    members: &[Member<'_>],
    shared: Option<(*const pg_sys::JsonbPair, &[bool])>,
) -> *mut pg_sys::JsonbPair {
    debug_assert!(
        members
            .windows(2)
            .all(|w| key_order(w[0].name, w[1].name).is_lt())
    );
    unsafe {
        let pairs = alloc_values::<pg_sys::JsonbPair>(members.len());
        for (i, m) in members.iter().enumerate() {
            let value = match (m.value, shared) {
                (Some(_), Some((other, same))) if same[i] => (*other.add(i)).value,
                (None, _) => null(),
                (Some(_), _) if m.redacted => {
                    let redacted = officeauto_core::audit::REDACTED;
                    string(redacted.as_ptr().cast(), redacted.len())
                }
                (Some(d), _) => value(m.plan, d),
            };
            let name = m.name.to_bytes();
            pairs.add(i).write(pg_sys::JsonbPair {
                key: string(m.name.as_ptr(), name.len()),
                value,
                order: i as u32,
            });
        }
        pairs
    }
}

/// The object of `count` pairs made by `pairs` as a jsonb value, allocated in `cxt`.
pub(super) unsafe fn serialize(
    pairs: *mut pg_sys::JsonbPair,
    count: usize,
    cxt: pg_sys::MemoryContext,
) -> pg_sys::Datum {
    unsafe {
        let mut root = null();
        root.type_ = jbvType::jbvObject;
        root.val.object = pg_sys::JsonbValue__bindgen_ty_1__bindgen_ty_3 {
            nPairs: count as i32,
            pairs,
        };
        let old = pg_sys::MemoryContextSwitchTo(cxt);
        let jsonb = pg_sys::JsonbValueToJsonb(&mut root);
        pg_sys::MemoryContextSwitchTo(old);
        pg_sys::Datum::from(jsonb)
    }
}

/// The object `{name: value, ...}` of `members` (see `pairs`) as a jsonb value in `cxt`.
pub(super) unsafe fn object(members: &[Member<'_>], cxt: pg_sys::MemoryContext) -> pg_sys::Datum {
    unsafe { serialize(pairs(members, None), members.len(), cxt) }
}
