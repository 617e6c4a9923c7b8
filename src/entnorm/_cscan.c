/* entnorm._cscan: the compiled kernel of the scan (optional; see entnorm._backend).
 *
 * The pure-Python code stays the reference: every function here does exactly what the
 * Python function named beside it does, and tests/test_backends.py runs both on the same
 * texts. The kernel takes the loops that cost the interpreter one bytecode round per
 * character or per window; everything that decides what a match means stays in Python.
 *
 *   tokenize(text, info, token_info)  ==  entnorm._folding._tokenize_python
 *       Split text into tokens exactly as _folding._TOKEN_RE.finditer does, and look each
 *       token's (folded, flags) up in the ``info`` dict, calling ``token_info(token)`` on a
 *       miss. Returns (starts, ends, folds, flags) as four lists.
 *
 *   windows(doc, index, hyphens, connectors)  ==  entnorm._matching._probes_python
 *       The windows (runs of up to index.max_tokens tokens) of a _matching.Doc that the
 *       matcher looks at: those whose folded key is in the index (with the key's position in
 *       index.exact.positions) and, with None, the misses that still read like a name.
 *       Returns a list of (i, j, compact, position or None, name_like).
 *
 *       ``index.exact.key_filter`` (from key_filter, or None) is consulted before the dict.
 *
 *   key_filter(keys)  ==  what entnorm._index.filter_may_hold reads
 *       A Bloom filter of the keys' str hashes (three bits in one 64-bit word a key, about
 *       16 to 32 bits a key), as bytes: most windows are in no table, and at a million
 *       entities the keys' dict is far out of the CPU's caches, so a miss cost several
 *       memory reads where the filter costs one, in a few megabytes that stay cached. The
 *       hashes are Python's, so a filter is valid in the process that built it only.
 *
 *   extent(values)  ==  (min(values, default=0), max(values, default=0))
 *       The smallest and largest item of an array of unsigned ints ('B', 'I' or 'Q'), read
 *       from its buffer: the range checks of a cache file's columns, where min and max made
 *       an int object per item (a quarter of a warm million-entity load).
 *
 *   cues(text, starts, ends, folds, flags, quiet, hyphens, dots, apostrophes)
 *                                     ==  entnorm._matching._cues_python
 *       What a _matching.Doc reads per gap and per token: (gaps, joinable, glued, possessive,
 *       exclaimed, upper_line, title_line), seven lists. ``quiet`` is the set of lowercase
 *       words a Title Case line may keep (grammatical words and connectors); the three str
 *       hold the single characters _matching treats as hyphens, dots and apostrophes.
 *
 *   pack(keys, values, deletions)  ==  entnorm._packed.PackedMultimap(pairs).words (as bytes)
 *       The sorted words ``(hash(k) << 24) | value`` of a packed multimap, for each key k (and,
 *       with ``deletions``, each distinct string made by deleting one of its characters),
 *       where hash is _packed._hash (CRC-32 of the UTF-8 and the length). ``values`` None
 *       means each key's position.
 *
 *   probe(words, limit, key, deletions)  ==  entnorm._packed.PackedMultimap._near_python
 *       The set of values stored under ``key`` (and, with ``deletions``, under each of its
 *       one-character deletions) in the sorted packed ``words`` (an array('Q')), values at
 *       or past ``limit`` left out.
 *
 *   set_classes(syllabic, katakana, marks)
 *       The character classes of _folding's token pattern, as lists of (first, last) code
 *       point ranges, so that the classes have one source (the Python module). Must be
 *       called before tokenize.
 *
 * Offsets are code point indices of the caller's str (PEP 393 data read in place), so a span
 * is always a slice of the caller's own string, whatever the script, surrogates included.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

#ifndef ENTNORM_SOURCE_DIGEST
#define ENTNORM_SOURCE_DIGEST "unknown"
#endif

#define N_CODEPOINTS 0x110000
#define C_SYLLABIC 1
#define C_KATAKANA 2
#define C_MARK 4

static unsigned char *classes = NULL; /* per code point: C_* bits */

static int
mark_ranges(unsigned char *table, PyObject *ranges, unsigned char bit)
{
    PyObject *seq = PySequence_Fast(ranges, "classes must be sequences of (first, last) pairs");
    if (seq == NULL)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    for (Py_ssize_t k = 0; k < n; k++) {
        long first, last;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, k), "ll", &first, &last)) {
            Py_DECREF(seq);
            return -1;
        }
        if (first < 0 || last >= N_CODEPOINTS || first > last) {
            Py_DECREF(seq);
            PyErr_Format(PyExc_ValueError, "bad code point range %ld-%ld", first, last);
            return -1;
        }
        for (long c = first; c <= last; c++)
            table[c] |= bit;
    }
    Py_DECREF(seq);
    return 0;
}

static PyObject *
set_classes(PyObject *self, PyObject *args)
{
    PyObject *syllabic, *katakana, *marks;
    if (!PyArg_ParseTuple(args, "OOO:set_classes", &syllabic, &katakana, &marks))
        return NULL;
    unsigned char *fresh = PyMem_Calloc(N_CODEPOINTS, 1);
    if (fresh == NULL)
        return PyErr_NoMemory();
    /* Filled privately, published whole: filling can run Python code (a generator, __index__),
     * which must never see, or free, a half-built table. */
    if (mark_ranges(fresh, syllabic, C_SYLLABIC) < 0 || mark_ranges(fresh, katakana, C_KATAKANA) < 0 ||
        mark_ranges(fresh, marks, C_MARK) < 0) {
        PyMem_Free(fresh);
        return NULL;
    }
    unsigned char *old = classes;
    classes = fresh;
    PyMem_Free(old);
    Py_RETURN_NONE;
}

static inline unsigned char
class_of(Py_UCS4 c)
{
    return c < N_CODEPOINTS ? classes[c] : 0;
}

/* The third branch of _TOKEN_RE: (?:(?![SYLLABIC KATAKANA])[^\W_]|[MARKS]|\u200d)+ */
static inline int
is_word_part(Py_UCS4 c, unsigned char cls)
{
    return (!(cls & (C_SYLLABIC | C_KATAKANA)) && Py_UNICODE_ISALNUM(c)) || (cls & C_MARK) || c == 0x200D;
}

static int
append_steal(PyObject *list, PyObject *item)
{
    if (item == NULL)
        return -1;
    int rc = PyList_Append(list, item);
    Py_DECREF(item);
    return rc;
}

static PyObject *
tokenize(PyObject *self, PyObject *args)
{
    PyObject *text, *info, *token_info;
    if (!PyArg_ParseTuple(args, "UO!O:tokenize", &text, &PyDict_Type, &info, &token_info))
        return NULL;
    if (classes == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "entnorm._cscan.set_classes was not called");
        return NULL;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *starts = PyList_New(0), *ends = PyList_New(0), *folds = PyList_New(0), *flags = PyList_New(0);
    if (!starts || !ends || !folds || !flags)
        goto fail;
    Py_ssize_t pos = 0;
    while (pos < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, pos);
        unsigned char cls = class_of(c);
        Py_ssize_t end = pos + 1;
        if (cls & C_SYLLABIC) { /* one syllable and its combining marks */
            while (end < n && (class_of(PyUnicode_READ(kind, data, end)) & C_MARK))
                end++;
        }
        else if (cls & C_KATAKANA) { /* a Katakana run */
            while (end < n && (class_of(PyUnicode_READ(kind, data, end)) & C_KATAKANA))
                end++;
        }
        else if (is_word_part(c, cls)) {
            while (end < n) {
                Py_UCS4 d = PyUnicode_READ(kind, data, end);
                if (!is_word_part(d, class_of(d)))
                    break;
                end++;
            }
        }
        else {
            pos++;
            continue;
        }
        PyObject *tok = PyUnicode_Substring(text, pos, end);
        if (tok == NULL)
            goto fail;
        PyObject *got = PyDict_GetItemWithError(info, tok); /* borrowed */
        if (got != NULL) {
            Py_INCREF(got);
        }
        else if (PyErr_Occurred()) {
            Py_DECREF(tok);
            goto fail;
        }
        else {
            got = PyObject_CallOneArg(token_info, tok);
        }
        Py_DECREF(tok);
        if (got == NULL)
            goto fail;
        if (!PyTuple_Check(got) || PyTuple_GET_SIZE(got) != 2) {
            Py_DECREF(got);
            PyErr_SetString(PyExc_TypeError, "token info must be a (folded, flags) tuple");
            goto fail;
        }
        PyObject *folded = PyTuple_GET_ITEM(got, 0), *flag = PyTuple_GET_ITEM(got, 1);
        int rc = PyList_Append(folds, folded);
        if (rc == 0)
            rc = PyList_Append(flags, flag);
        Py_DECREF(got);
        if (rc < 0 || append_steal(starts, PyLong_FromSsize_t(pos)) < 0 ||
            append_steal(ends, PyLong_FromSsize_t(end)) < 0)
            goto fail;
        pos = end;
    }
    return Py_BuildValue("(NNNN)", starts, ends, folds, flags);
fail:
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    Py_XDECREF(folds);
    Py_XDECREF(flags);
    return NULL;
}


/* Truth of an item (sequences of bools and ints from _matching.Doc). */
static inline int
truth(PyObject *tuple, Py_ssize_t k)
{
    return PyObject_IsTrue(PyTuple_GET_ITEM(tuple, k));
}

static inline long
int_at(PyObject *tuple, Py_ssize_t k)
{
    return PyLong_AsLong(PyTuple_GET_ITEM(tuple, k));
}

/* A sequence attribute of the Doc, as a tuple of at least n items. A tuple, not the Doc's own
 * list: Python code that runs mid-scan (an __eq__, __bool__ or __index__) cannot shrink it or
 * free an item under the scan. */
static PyObject *
tuple_attr(PyObject *obj, const char *name, Py_ssize_t n)
{
    PyObject *v = PyObject_GetAttrString(obj, name);
    if (v == NULL)
        return NULL;
    PyObject *t = PySequence_Tuple(v);
    Py_DECREF(v);
    if (t == NULL)
        return NULL;
    if (n >= 0 && PyTuple_GET_SIZE(t) < n) {
        PyErr_Format(PyExc_ValueError, "%s has %zd items, fewer than %zd", name, PyTuple_GET_SIZE(t), n);
        Py_DECREF(t);
        return NULL;
    }
    return t;
}

/* Token flags, as in _folding. */
#define F_CAP 1
#define F_LATIN 4
#define F_DIGIT 8
#define F_NATIVE 32

/* --- key_filter: a Bloom filter of the exact keys, read by windows --- */

/* Where a str hash lives in a filter of ``mask + 1`` words: bits 18 and up of the hash pick
 * the word, bits 0-17 its three bits (as _index.filter_may_hold reads them). */
static inline uint64_t *
filter_word(uint64_t *filter, uint64_t mask, uint64_t h)
{
    return &filter[(h >> 18) & mask];
}

static inline uint64_t
filter_bits(uint64_t h)
{
    return (1ull << (h & 63)) | (1ull << ((h >> 6) & 63)) | (1ull << ((h >> 12) & 63));
}

/* Whether the filter may hold the str ``key`` (always, for a key it was built of). */
static inline int
filter_may_hold(const uint64_t *filter, uint64_t mask, PyObject *key)
{
    uint64_t h = (uint64_t)PyObject_Hash(key); /* a str's hash never fails, and is kept for the dict */
    uint64_t bits = filter_bits(h);
    return (*filter_word((uint64_t *)filter, mask, h) & bits) == bits;
}

static PyObject *
key_filter(PyObject *self, PyObject *args)
{
    PyObject *keys;
    if (!PyArg_ParseTuple(args, "O!:key_filter", &PyList_Type, &keys))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(keys), words = 1;
    while (words < n / 4 && words < PY_SSIZE_T_MAX / 16) /* 16 to 32 bits a key */
        words *= 2;
    PyObject *out = PyBytes_FromStringAndSize(NULL, words * (Py_ssize_t)sizeof(uint64_t));
    if (out == NULL)
        return NULL;
    uint64_t *filter = (uint64_t *)PyBytes_AS_STRING(out);
    memset(filter, 0, (size_t)words * sizeof(uint64_t));
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(keys); k++) { /* a list nothing below can change */
        PyObject *key = PyList_GET_ITEM(keys, k);
        if (!PyUnicode_CheckExact(key)) {
            PyErr_SetString(PyExc_TypeError, "keys must be str");
            Py_DECREF(out);
            return NULL;
        }
        uint64_t h = (uint64_t)PyObject_Hash(key); /* a str's hash never fails */
        *filter_word(filter, (uint64_t)(words - 1), h) |= filter_bits(h);
    }
    return out;
}

/* The filter's words and their count (a power of two), or NULL and 0 for no filter. */
static int
read_filter(PyObject *obj, const uint64_t **filter, uint64_t *mask)
{
    *filter = NULL;
    *mask = 0;
    if (obj == Py_None)
        return 0;
    Py_ssize_t size = PyBytes_Check(obj) ? PyBytes_GET_SIZE(obj) : 0;
    Py_ssize_t words = size / (Py_ssize_t)sizeof(uint64_t);
    if (words == 0 || size % (Py_ssize_t)sizeof(uint64_t) || (words & (words - 1))) {
        PyErr_SetString(PyExc_ValueError, "index.exact.key_filter must be None or key_filter's bytes");
        return -1;
    }
    *filter = (const uint64_t *)PyBytes_AS_STRING(obj);
    *mask = (uint64_t)(words - 1);
    return 0;
}

static PyObject *
windows(PyObject *self, PyObject *args)
{
    PyObject *doc, *index, *hyphens, *connectors;
    if (!PyArg_ParseTuple(args, "OOOO:windows", &doc, &index, &hyphens, &connectors))
        return NULL;
    PyObject *out = NULL, *tokens = NULL, *folds = NULL, *flags = NULL, *upper = NULL, *glued = NULL;
    PyObject *joinable = NULL, *possessive = NULL, *exclaimed = NULL, *gaps = NULL;
    PyObject *lower_starts = NULL, *exact = NULL, *positions = NULL, *v = NULL, *filter_obj = NULL;
    Py_ssize_t max_tokens, max_key_len;
    const uint64_t *filter;
    uint64_t filter_mask;

    if (!(tokens = PyObject_GetAttrString(doc, "tokens")) || !(folds = tuple_attr(tokens, "folds", -1)))
        goto done;
    const Py_ssize_t n = PyTuple_GET_SIZE(folds);
    if (!(flags = tuple_attr(tokens, "flags", n)) || !(upper = tuple_attr(doc, "upper_line", n)) ||
        !(glued = tuple_attr(doc, "glued", n)) || !(joinable = tuple_attr(doc, "joinable", n - 1)) ||
        !(possessive = tuple_attr(doc, "possessive", n)) || !(exclaimed = tuple_attr(doc, "exclaimed", n - 1)) ||
        !(gaps = tuple_attr(doc, "gaps", n - 1)))
        goto done;
    if (!(lower_starts = PyObject_GetAttrString(index, "lower_starts")) ||
        !(exact = PyObject_GetAttrString(index, "exact")) ||
        !(positions = PyObject_GetAttrString(exact, "positions")))
        goto done;
    if (!PyDict_Check(positions)) {
        PyErr_SetString(PyExc_TypeError, "index.exact.positions must be a dict");
        goto done;
    }
    if (!(filter_obj = PyObject_GetAttrString(exact, "key_filter")) || read_filter(filter_obj, &filter, &filter_mask) < 0)
        goto done;
    if (!(v = PyObject_GetAttrString(index, "max_tokens")) || ((max_tokens = PyLong_AsSsize_t(v)) == -1 && PyErr_Occurred()))
        goto done;
    Py_CLEAR(v);
    if (!(v = PyObject_GetAttrString(index, "max_key_len")) || ((max_key_len = PyLong_AsSsize_t(v)) == -1 && PyErr_Occurred()))
        goto done;
    Py_CLEAR(v);
    if (!(out = PyList_New(0)))
        goto done;

    for (Py_ssize_t i = 0; i < n; i++) {
        long fl = int_at(flags, i);
        if (fl == -1 && PyErr_Occurred())
            goto fail;
        int upper_line = truth(upper, i);
        if (upper_line < 0)
            goto fail;
        if (fl & F_DIGIT)
            continue;
        if (!((fl & (F_CAP | F_NATIVE)) || upper_line)) {
            int lower = PySequence_Contains(lower_starts, PyTuple_GET_ITEM(folds, i));
            if (lower < 0)
                goto fail;
            if (!lower)
                continue;
        }
        long gl = int_at(glued, i);
        if (gl == -1 && PyErr_Occurred())
            goto fail;
        if (gl & 1)
            continue;
        int name_like = (fl & F_LATIN) && !(fl & F_NATIVE);
        PyObject *compact = PyUnicode_New(0, 0);
        if (compact == NULL)
            goto fail;
        Py_ssize_t stop = max_tokens > n - i ? n : i + max_tokens; /* no overflow */
        for (Py_ssize_t j = i; j < stop; j++) {
            if (j > i) {
                int join = truth(joinable, j - 1);
                if (join < 0)
                    goto fail_compact;
                if (!join) {
                    int pos = truth(possessive, j - 1), exc = pos > 0 ? 0 : truth(exclaimed, j - 1);
                    if (pos < 0 || exc < 0)
                        goto fail_compact;
                    if (!(pos || exc))
                        break;
                    name_like = 0; /* past a possessive: exact table names only */
                }
                long fj = int_at(flags, j);
                if (fj == -1 && PyErr_Occurred())
                    goto fail_compact;
                if (name_like) {
                    int keep = 0;
                    if (fj & F_LATIN) {
                        if ((fj & F_CAP) || upper_line)
                            keep = 1;
                        else {
                            int h = PySequence_Contains(hyphens, PyTuple_GET_ITEM(gaps, j - 1));
                            if (h < 0)
                                goto fail_compact;
                            if (!h)
                                h = PySequence_Contains(connectors, PyTuple_GET_ITEM(folds, j));
                            if (h < 0)
                                goto fail_compact;
                            keep = h;
                        }
                    }
                    name_like = keep;
                }
            }
            PyObject *longer = PyUnicode_Concat(compact, PyTuple_GET_ITEM(folds, j));
            Py_DECREF(compact);
            compact = longer;
            if (compact == NULL)
                goto fail;
            if (PyUnicode_GET_LENGTH(compact) - 3 > max_key_len)
                break;
            long gj = int_at(glued, j);
            if (gj == -1 && PyErr_Occurred())
                goto fail_compact;
            if (gj & 2)
                continue; /* "Xi" of "Xi'an": the word goes on past the apostrophe */
            PyObject *at = NULL; /* borrowed */
            if (filter == NULL || filter_may_hold(filter, filter_mask, compact))
                at = PyDict_GetItemWithError(positions, compact);
            if (at == NULL && PyErr_Occurred())
                goto fail_compact;
            if (at == Py_None)
                at = NULL; /* as `positions.get(compact)` then `is not None` */
            if (at == NULL && !name_like)
                continue;
            PyObject *row = Py_BuildValue("(nnOOO)", i, j, compact, at ? at : Py_None, name_like ? Py_True : Py_False);
            if (append_steal(out, row) < 0)
                goto fail_compact;
        }
        Py_XDECREF(compact);
        continue;
    fail_compact:
        Py_XDECREF(compact);
        goto fail;
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    Py_XDECREF(tokens);
    Py_XDECREF(folds);
    Py_XDECREF(flags);
    Py_XDECREF(upper);
    Py_XDECREF(glued);
    Py_XDECREF(joinable);
    Py_XDECREF(possessive);
    Py_XDECREF(exclaimed);
    Py_XDECREF(gaps);
    Py_XDECREF(lower_starts);
    Py_XDECREF(exact);
    Py_XDECREF(positions);
    Py_XDECREF(filter_obj);
    Py_XDECREF(v);
    return out;
}

/* --- cues: what _matching.Doc reads per token and per gap (_matching._cues_python) --- */

#define F_UPPER 2
#define F_CJK 16

/* A short str of single characters (hyphens, dots, apostrophes) as code points. */
static int
char_set(PyObject *s, Py_UCS4 *out, int cap, const char *what)
{
    if (!PyUnicode_Check(s) || PyUnicode_GET_LENGTH(s) > cap) {
        PyErr_Format(PyExc_TypeError, "%s must be a str of at most %d characters", what, cap);
        return -1;
    }
    int n = (int)PyUnicode_GET_LENGTH(s);
    for (int k = 0; k < n; k++)
        out[k] = PyUnicode_READ_CHAR(s, k);
    return n;
}

static inline int
in_set(Py_UCS4 c, const Py_UCS4 *set, int n)
{
    for (int k = 0; k < n; k++)
        if (set[k] == c)
            return 1;
    return 0;
}

/* Ssize item of a tuple of ints, -1 with an error set if it is none. */
static inline Py_ssize_t
ssize_at(PyObject *tuple, Py_ssize_t k)
{
    return PyLong_AsSsize_t(PyTuple_GET_ITEM(tuple, k));
}

static PyObject *
cues(PyObject *self, PyObject *args)
{
    PyObject *text, *starts_in, *ends_in, *folds_in, *flags_in, *quiet, *hyphens_s, *dots_s, *apos_s;
    if (!PyArg_ParseTuple(args, "UOOOOOUUU:cues", &text, &starts_in, &ends_in, &folds_in, &flags_in, &quiet,
                          &hyphens_s, &dots_s, &apos_s))
        return NULL;
    Py_UCS4 hyphens[8], dots[8], apos[8];
    int nh, nd, na;
    if ((nh = char_set(hyphens_s, hyphens, 8, "hyphens")) < 0 || (nd = char_set(dots_s, dots, 8, "dots")) < 0 ||
        (na = char_set(apos_s, apos, 8, "apostrophes")) < 0)
        return NULL;
    if (!PyAnySet_Check(quiet)) {
        PyErr_SetString(PyExc_TypeError, "quiet words must be a set or frozenset");
        return NULL;
    }
    PyObject *starts = NULL, *ends = NULL, *folds = NULL, *flags = NULL, *result = NULL;
    PyObject *gaps = NULL, *joinable = NULL, *glued = NULL, *possessive = NULL, *exclaimed = NULL;
    PyObject *upper_out = NULL, *title_out = NULL;
    long *fl = NULL;
    Py_ssize_t *st = NULL, *en = NULL;
    const Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);

    if (!(starts = PySequence_Tuple(starts_in)) || !(ends = PySequence_Tuple(ends_in)) ||
        !(folds = PySequence_Tuple(folds_in)) || !(flags = PySequence_Tuple(flags_in)))
        goto done;
    const Py_ssize_t n = PyTuple_GET_SIZE(starts);
    if (PyTuple_GET_SIZE(ends) != n || PyTuple_GET_SIZE(folds) != n || PyTuple_GET_SIZE(flags) != n) {
        PyErr_SetString(PyExc_ValueError, "starts, ends, folds and flags differ in length");
        goto done;
    }
    fl = PyMem_New(long, n + 1);
    st = PyMem_New(Py_ssize_t, n + 1);
    en = PyMem_New(Py_ssize_t, n + 1);
    if (fl == NULL || st == NULL || en == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        /* each converted on its own: a flag of -1 must not leave st[k], en[k] unset */
        fl[k] = PyLong_AsLong(PyTuple_GET_ITEM(flags, k));
        if (fl[k] == -1 && PyErr_Occurred())
            goto done;
        st[k] = ssize_at(starts, k);
        if (st[k] == -1 && PyErr_Occurred())
            goto done;
        en[k] = ssize_at(ends, k);
        if (en[k] == -1 && PyErr_Occurred())
            goto done;
        if (st[k] < 0 || en[k] < st[k] || en[k] > len || (k > 0 && st[k] < en[k - 1])) {
            PyErr_SetString(PyExc_ValueError, "token offsets must be increasing and inside the text");
            goto done;
        }
        if (!PyUnicode_Check(PyTuple_GET_ITEM(folds, k))) {
            PyErr_SetString(PyExc_TypeError, "folds must be str");
            goto done;
        }
    }
    const Py_ssize_t ngaps = n > 0 ? n - 1 : 0;
    if (!(gaps = PyList_New(ngaps)) || !(joinable = PyList_New(ngaps)) || !(exclaimed = PyList_New(ngaps)) ||
        !(glued = PyList_New(n)) || !(possessive = PyList_New(n)) || !(upper_out = PyList_New(n)) ||
        !(title_out = PyList_New(n)))
        goto done;
    int *gl = PyMem_Calloc(n + 1, sizeof(int));
    char *pos = PyMem_Calloc(n + 1, 1);
    if (gl == NULL || pos == NULL) {
        PyMem_Free(gl);
        PyMem_Free(pos);
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < ngaps; k++) {
        const Py_ssize_t a = en[k], b = st[k + 1], glen = b - a;
        PyObject *gap = PyUnicode_Substring(text, a, b);
        if (gap == NULL)
            goto fail_gl;
        PyList_SET_ITEM(gaps, k, gap);
        const Py_UCS4 c0 = glen > 0 ? PyUnicode_READ(kind, data, a) : 0;
        const long left = fl[k], right = fl[k + 1];
        int join;
        if (glen == 0)
            join = ((left & F_CJK) && (right & F_CJK)) ||
                   ((left & F_NATIVE) && (right & F_NATIVE) && !((left | right) & F_CJK));
        else if (glen == 1 && c0 == ' ')
            join = 1;
        else if (glen > 3)
            join = 0;
        else if ((glen == 1 && (c0 == 0xA0 || in_set(c0, hyphens, nh) || in_set(c0, dots, nd))) ||
                 (glen == 2 && c0 == ' ' && PyUnicode_READ(kind, data, a + 1) == ' '))
            join = 1;
        else if (glen == 1 && in_set(c0, apos, na))
            join = PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(folds, k + 1)) > 1 || (right & F_CAP);
        else if (c0 == '.' && (glen == 1 || (glen == 2 && PyUnicode_READ(kind, data, a + 1) == ' ')) &&
                 PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(folds, k)) == 1)
            join = 1;
        else {
            /* gap.strip(" ") is one hyphen or dot */
            Py_ssize_t x = a, y = b;
            while (x < y && PyUnicode_READ(kind, data, x) == ' ')
                x++;
            while (y > x && PyUnicode_READ(kind, data, y - 1) == ' ')
                y--;
            const Py_UCS4 c = y - x == 1 ? PyUnicode_READ(kind, data, x) : 0;
            join = y - x == 1 && (in_set(c, hyphens, nh) || in_set(c, dots, nd));
        }
        PyObject *jb = join ? Py_True : Py_False;
        Py_INCREF(jb);
        PyList_SET_ITEM(joinable, k, jb);
        int exc = c0 == '!' && (glen == 1 || (glen == 2 && PyUnicode_READ(kind, data, a + 1) == ' '));
        PyObject *eb = exc ? Py_True : Py_False;
        Py_INCREF(eb);
        PyList_SET_ITEM(exclaimed, k, eb);
        if (glen == 1 && in_set(c0, apos, na)) {
            PyObject *next = PyTuple_GET_ITEM(folds, k + 1);
            if (PyUnicode_GET_LENGTH(next) == 1 && PyUnicode_READ_CHAR(next, 0) == 's') {
                pos[k] = 1;
                const Py_ssize_t after = en[k + 1];
                if (after < len && Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, after))) {
                    gl[k] |= 2;
                    gl[k + 1] |= 1;
                }
            }
            else {
                gl[k] |= 2;
                gl[k + 1] |= 1;
            }
        }
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *g = PyLong_FromLong(gl[k]);
        if (g == NULL)
            goto fail_gl;
        PyList_SET_ITEM(glued, k, g);
        PyObject *pb = pos[k] ? Py_True : Py_False;
        Py_INCREF(pb);
        PyList_SET_ITEM(possessive, k, pb);
        /* filled before any Python code runs (PySet_Contains below can run __hash__/__eq__,
         * and gc.get_objects() would hand it a list holding NULL) */
        Py_INCREF(Py_False);
        PyList_SET_ITEM(upper_out, k, Py_False);
        Py_INCREF(Py_False);
        PyList_SET_ITEM(title_out, k, Py_False);
    }
    /* Lines in capitals, or in Title Case (_matching._line_cases). */
    Py_ssize_t k = 0;
    while (k < n) {
        Py_ssize_t line_end = len;
        for (Py_ssize_t p = st[k]; p < len; p++)
            if (PyUnicode_READ(kind, data, p) == '\n') {
                line_end = p;
                break;
            }
        Py_ssize_t m = k;
        while (m < n && st[m] < line_end)
            m++;
        if (m <= k)
            m = k + 1;
        long latin = 0, upper = 0;
        for (Py_ssize_t q = k; q < m; q++)
            if ((fl[q] & F_LATIN) && !(fl[q] & F_DIGIT)) {
                latin++;
                upper += (fl[q] & F_UPPER) != 0;
            }
        int is_upper = latin >= 3 && (double)upper >= 0.7 * (double)latin, is_title = 0;
        if (!is_upper && latin >= 4) {
            is_title = 1;
            for (Py_ssize_t q = k; q < m && is_title; q++) {
                if ((fl[q] & F_LATIN) && !(fl[q] & (F_DIGIT | F_CAP))) {
                    int quiet_word = PySet_Contains(quiet, PyTuple_GET_ITEM(folds, q));
                    if (quiet_word < 0)
                        goto fail_gl;
                    if (!quiet_word)
                        is_title = 0; /* a lowercase content word: prose */
                }
            }
        }
        for (Py_ssize_t q = k; q < m && (is_upper || is_title); q++) {
            PyObject *out = is_upper ? upper_out : title_out; /* its item is Py_False */
            Py_INCREF(Py_True);
            PyList_SET_ITEM(out, q, Py_True);
            Py_DECREF(Py_False);
        }
        k = m;
    }
    PyMem_Free(gl);
    PyMem_Free(pos);
    result = PyTuple_Pack(7, gaps, joinable, glued, possessive, exclaimed, upper_out, title_out);
    goto done;
fail_gl:
    PyMem_Free(gl);
    PyMem_Free(pos);
done:
    PyMem_Free(fl);
    PyMem_Free(st);
    PyMem_Free(en);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    Py_XDECREF(folds);
    Py_XDECREF(flags);
    Py_XDECREF(gaps);
    Py_XDECREF(joinable);
    Py_XDECREF(glued);
    Py_XDECREF(possessive);
    Py_XDECREF(exclaimed);
    Py_XDECREF(upper_out);
    Py_XDECREF(title_out);
    return result;
}

/* --- pack: the packed multimaps of the fuzzy index (_packed.py) --- */

#define VALUE_BITS 24
#define VALUE_MASK ((1ULL << VALUE_BITS) - 1)

static uint32_t crc_table[256];

static void
crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

/* zlib.crc32, continued from ``crc`` (start with 0). */
static uint32_t
crc_update(uint32_t crc, const unsigned char *p, Py_ssize_t n)
{
    crc = ~crc;
    while (n-- > 0)
        crc = crc_table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

typedef struct {
    uint64_t *words;
    Py_ssize_t n, cap;
} Words;

/* Words are counted first, then written into a buffer of exactly that size. */
static int
push(Words *w, uint64_t word)
{
    if (w->n == w->cap) {
        PyErr_SetString(PyExc_RuntimeError, "keys changed while they were packed");
        return -1;
    }
    w->words[w->n++] = word;
    return 0;
}

/* How many words a key makes: itself, and one per run of equal characters when deleting. */
static Py_ssize_t
count_words(PyObject *key, int deletions)
{
    const Py_ssize_t len = PyUnicode_GET_LENGTH(key);
    Py_ssize_t n = 1;
    if (deletions) {
        const int kind = PyUnicode_KIND(key);
        const void *data = PyUnicode_DATA(key);
        for (Py_ssize_t i = 0; i < len; i++)
            n += i == 0 || PyUnicode_READ(kind, data, i) != PyUnicode_READ(kind, data, i - 1);
    }
    return n;
}

static int
compare_words(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Sort ``words[0:n]`` ascending. A least-significant-digit radix sort, 11 bits a pass: a
 * million-entity table packs some 30 million words, which qsort's comparisons took seconds
 * over. The counts of every pass come from one read (a permutation keeps them), and a pass
 * whose digit every word shares moves nothing, so is skipped. Needs a buffer of n words (as
 * glibc's qsort does); without one, qsort. */
#define RADIX_BITS 11
#define RADIX_PASSES 6 /* 66 bits >= 64 */
static void
sort_words(uint64_t *words, Py_ssize_t n)
{
    if (n < 2)
        return;
    uint64_t *spare = n < 256 ? NULL : PyMem_Malloc((size_t)n * sizeof(uint64_t));
    Py_ssize_t(*counts)[1 << RADIX_BITS] = spare ? PyMem_Calloc(RADIX_PASSES, sizeof *counts) : NULL;
    if (counts == NULL) {
        PyMem_Free(spare);
        qsort(words, (size_t)n, sizeof(uint64_t), compare_words);
        return;
    }
    const uint64_t mask = (1u << RADIX_BITS) - 1;
    for (Py_ssize_t i = 0; i < n; i++)
        for (int p = 0; p < RADIX_PASSES; p++)
            counts[p][(words[i] >> (p * RADIX_BITS)) & mask]++;
    uint64_t *from = words, *to = spare;
    for (int p = 0; p < RADIX_PASSES; p++) {
        const int shift = p * RADIX_BITS;
        Py_ssize_t *at = counts[p];
        if (at[(from[0] >> shift) & mask] == n)
            continue;
        for (Py_ssize_t b = 0, sum = 0; b <= (Py_ssize_t)mask; b++) {
            Py_ssize_t c = at[b];
            at[b] = sum;
            sum += c;
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            uint64_t x = from[i];
            to[at[(x >> shift) & mask]++] = x;
        }
        uint64_t *t = from;
        from = to;
        to = t;
    }
    if (from != words)
        memcpy(words, from, (size_t)n * sizeof(uint64_t));
    PyMem_Free(counts);
    PyMem_Free(spare);
}

/* Byte offsets of each code point of a key and of its end: a buffer reused across keys. */
typedef struct {
    Py_ssize_t *at;
    Py_ssize_t cap;
} Offsets;

/* Push the word of one key, and with ``deletions`` of each distinct one-character deletion
 * of it, all with ``value``. ``utf8`` is the key's UTF-8 (``nbytes`` long). */
static int
hash_key(Words *w, Offsets *off, PyObject *key, const unsigned char *utf8, Py_ssize_t nbytes,
         uint64_t value, int deletions)
{
    const Py_ssize_t len = PyUnicode_GET_LENGTH(key);
    uint64_t h = ((uint64_t)crc_update(0, utf8, nbytes) << 6) | (uint64_t)(len & 63);
    if (push(w, (h << VALUE_BITS) | value) < 0)
        return -1;
    if (!deletions || len == 0)
        return 0;
    if (len + 1 > off->cap) {
        Py_ssize_t cap = len + 1 > 2 * off->cap ? len + 1 : 2 * off->cap;
        Py_ssize_t *grown = PyMem_Realloc(off->at, (size_t)cap * sizeof(Py_ssize_t));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        off->at = grown;
        off->cap = cap;
    }
    Py_ssize_t *at = off->at;
    for (Py_ssize_t b = 0, c = 0; b <= nbytes; b++)
        if (b == nbytes || (utf8[b] & 0xC0) != 0x80)
            at[c++] = b;
    const int kind = PyUnicode_KIND(key);
    const void *data = PyUnicode_DATA(key);
    uint32_t prefix = 0; /* CRC of the bytes before code point i */
    for (Py_ssize_t i = 0; i < len; i++) {
        if (i > 0)
            prefix = crc_update(prefix, utf8 + at[i - 1], at[i] - at[i - 1]);
        /* deleting i or i-1 from a run of one character gives one string: count it once */
        if (i > 0 && PyUnicode_READ(kind, data, i) == PyUnicode_READ(kind, data, i - 1))
            continue;
        uint32_t crc = crc_update(prefix, utf8 + at[i + 1], nbytes - at[i + 1]);
        uint64_t hd = ((uint64_t)crc << 6) | (uint64_t)((len - 1) & 63);
        if (push(w, (hd << VALUE_BITS) | value) < 0)
            return -1;
    }
    return 0;
}

static PyObject *
pack(PyObject *self, PyObject *args)
{
    PyObject *keys, *values;
    int deletions;
    if (!PyArg_ParseTuple(args, "O!Op:pack", &PyList_Type, &keys, &values, &deletions))
        return NULL;
    if (values != Py_None && (!PyList_Check(values) || PyList_GET_SIZE(values) != PyList_GET_SIZE(keys))) {
        PyErr_SetString(PyExc_TypeError, "values must be None or a list as long as keys");
        return NULL;
    }
    keys = PyList_AsTuple(keys); /* ours: nothing run below can change it */
    if (keys == NULL)
        return NULL;
    if (values != Py_None && (values = PyList_AsTuple(values)) == NULL) {
        Py_DECREF(keys);
        return NULL;
    }
    Words w = {NULL, 0, 0};
    Offsets off = {NULL, 0};
    PyObject *out = NULL;
    const Py_ssize_t n = PyTuple_GET_SIZE(keys);
    Py_ssize_t total = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *key = PyTuple_GET_ITEM(keys, k);
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "keys must be str");
            goto done;
        }
        Py_ssize_t words = count_words(key, deletions);
        if (total > PY_SSIZE_T_MAX / (Py_ssize_t)sizeof(uint64_t) - words) {
            PyErr_NoMemory();
            goto done;
        }
        total += words;
    }
    /* the words are written straight into the bytes returned, and sorted there */
    if ((out = PyBytes_FromStringAndSize(NULL, total * (Py_ssize_t)sizeof(uint64_t))) == NULL)
        goto done;
    w.words = (uint64_t *)PyBytes_AS_STRING(out);
    w.cap = total;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *key = PyTuple_GET_ITEM(keys, k);
        unsigned long long value = (unsigned long long)k;
        if (values != Py_None) {
            PyObject *index = PyNumber_Index(PyTuple_GET_ITEM(values, k)); /* as zip and ints do */
            if (index == NULL)
                goto fail;
            value = PyLong_AsUnsignedLongLong(index);
            Py_DECREF(index);
            if (value == (unsigned long long)-1 && PyErr_Occurred()) {
                if (PyErr_ExceptionMatches(PyExc_OverflowError))
                    goto too_big;
                goto fail;
            }
        }
        if (value > VALUE_MASK)
            goto too_big;
        /* ASCII is its own UTF-8; otherwise a temporary copy (PyUnicode_AsUTF8 would keep one
         * inside every key for good) */
        Py_ssize_t nbytes;
        const unsigned char *utf8;
        PyObject *encoded = NULL;
        if (PyUnicode_IS_ASCII(key)) {
            utf8 = PyUnicode_DATA(key);
            nbytes = PyUnicode_GET_LENGTH(key);
        }
        else {
            if ((encoded = PyUnicode_AsUTF8String(key)) == NULL)
                goto fail; /* a lone surrogate: as str.encode("utf-8") does, raise */
            utf8 = (const unsigned char *)PyBytes_AS_STRING(encoded);
            nbytes = PyBytes_GET_SIZE(encoded);
        }
        int rc = hash_key(&w, &off, key, utf8, nbytes, (uint64_t)value, deletions);
        Py_XDECREF(encoded);
        if (rc < 0)
            goto fail;
    }
    if (w.n != total) {
        PyErr_SetString(PyExc_RuntimeError, "keys changed while they were packed");
        goto fail;
    }
    sort_words(w.words, w.n);
    goto done;
too_big:
    PyErr_Format(PyExc_ValueError, "value does not fit in %d bits", VALUE_BITS);
fail:
    Py_CLEAR(out);
done:
    PyMem_Free(off.at);
    Py_DECREF(keys);
    if (values != Py_None)
        Py_DECREF(values);
    return out;
}

/* --- extent: the least and greatest item of an unsigned int array (_columns.extent) --- */

static PyObject *
extent(PyObject *self, PyObject *values)
{
    Py_buffer view;
    if (PyObject_GetBuffer(values, &view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
        return NULL;
    const char *f = view.format ? view.format : "B";
    int size = (f[0] == 'B' && view.itemsize == 1) ? 1 : (f[0] == 'I' && view.itemsize == 4) ? 4
             : (f[0] == 'Q' && view.itemsize == 8) ? 8 : 0;
    if (size == 0 || f[1] != '\0' || view.ndim > 1) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_TypeError, "extent needs an array of unsigned ints ('B', 'I' or 'Q')");
        return NULL;
    }
    const Py_ssize_t n = view.len / size;
    uint64_t lo = UINT64_MAX, hi = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t x;
        if (size == 1)
            x = ((const uint8_t *)view.buf)[i];
        else if (size == 4)
            x = ((const uint32_t *)view.buf)[i];
        else
            x = ((const uint64_t *)view.buf)[i];
        if (x < lo)
            lo = x;
        if (x > hi)
            hi = x;
    }
    PyBuffer_Release(&view);
    if (n == 0)
        lo = 0;
    return Py_BuildValue("(KK)", (unsigned long long)lo, (unsigned long long)hi);
}

/* --- probe: a key's neighbours in a packed multimap (_packed.PackedMultimap.near) --- */

/* First index of ``words[0:n]`` (sorted) whose word is >= ``target``. */
static Py_ssize_t
lower_bound(const uint64_t *words, Py_ssize_t n, uint64_t target)
{
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (words[mid] < target)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static PyObject *
probe(PyObject *self, PyObject *args)
{
    PyObject *packed, *key, *limit_obj;
    int deletions;
    if (!PyArg_ParseTuple(args, "OO!Up:probe", &packed, &PyLong_Type, &limit_obj, &key, &deletions))
        return NULL;
    /* values >= limit are never returned: a negative limit returns nothing, a huge one all */
    int overflow;
    long long given = PyLong_AsLongLongAndOverflow(limit_obj, &overflow);
    if (given == -1 && PyErr_Occurred())
        return NULL;
    unsigned long long limit = overflow > 0 ? ULLONG_MAX : overflow < 0 || given < 0 ? 0 : (unsigned long long)given;
    Py_buffer view;
    if (PyObject_GetBuffer(packed, &view, PyBUF_ND | PyBUF_FORMAT) < 0)
        return NULL;
    PyObject *out = NULL;
    Words w = {NULL, 0, 0};
    Offsets off = {NULL, 0};
    PyObject *encoded = NULL;
    if (view.itemsize != 8 || view.format == NULL || strcmp(view.format, "Q") != 0) {
        PyErr_SetString(PyExc_TypeError, "packed words must be an array('Q')");
        goto done;
    }
    const uint64_t *words = view.buf;
    const Py_ssize_t n = view.len / 8;
    /* the key's own hash and its deletions' (as pack makes them), then one search each */
    w.cap = count_words(key, deletions);
    if ((w.words = PyMem_Malloc((size_t)w.cap * sizeof(uint64_t))) == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    const unsigned char *utf8;
    Py_ssize_t nbytes;
    if (PyUnicode_IS_ASCII(key)) {
        utf8 = PyUnicode_DATA(key);
        nbytes = PyUnicode_GET_LENGTH(key);
    }
    else {
        if ((encoded = PyUnicode_AsUTF8String(key)) == NULL)
            goto done;
        utf8 = (const unsigned char *)PyBytes_AS_STRING(encoded);
        nbytes = PyBytes_GET_SIZE(encoded);
    }
    if (hash_key(&w, &off, key, utf8, nbytes, 0, deletions) < 0)
        goto done;
    if ((out = PySet_New(NULL)) == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < w.n; k++) {
        const uint64_t h = w.words[k] >> VALUE_BITS;
        for (Py_ssize_t i = lower_bound(words, n, h << VALUE_BITS); i < n && words[i] >> VALUE_BITS == h; i++) {
            const uint64_t v = words[i] & VALUE_MASK;
            if (v >= limit)
                continue; /* as PackedMultimap.get: a forged cache file names no key past the list */
            PyObject *value = PyLong_FromUnsignedLongLong(v);
            if (value == NULL || PySet_Add(out, value) < 0) {
                Py_XDECREF(value);
                Py_CLEAR(out);
                goto done;
            }
            Py_DECREF(value);
        }
    }
done:
    Py_XDECREF(encoded);
    PyMem_Free(w.words);
    PyMem_Free(off.at);
    PyBuffer_Release(&view);
    return out;
}

static PyMethodDef methods[] = {
    {"set_classes", set_classes, METH_VARARGS, "Set the token pattern's character classes (code point ranges)."},
    {"tokenize", tokenize, METH_VARARGS, "Tokens of a text: (starts, ends, folds, flags), as _folding does."},
    {"pack", pack, METH_VARARGS, "Sorted words of a packed multimap, as _packed.PackedMultimap builds them."},
    {"probe", probe, METH_VARARGS, "The values of a key and of its deletions in packed words, as PackedMultimap.near."},
    {"extent", extent, METH_O, "The least and greatest item of an unsigned int array, as min and max give them."},
    {"key_filter", key_filter, METH_VARARGS, "A Bloom filter of str keys' hashes, which windows consults before the dict."},
    {"windows", windows, METH_VARARGS, "The windows of a Doc that _matching looks at, as _matching._probes does."},
    {"cues", cues, METH_VARARGS, "A Doc's per-gap and per-token cues, as _matching._cues_python gives them."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "entnorm._cscan", "The compiled kernel of entnorm's scan.", -1, methods,
    NULL, NULL, NULL, NULL, /* the class table lives as long as the process */
};

PyMODINIT_FUNC
PyInit__cscan(void)
{
    crc_init();
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddStringConstant(m, "SOURCE_DIGEST", ENTNORM_SOURCE_DIGEST) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
