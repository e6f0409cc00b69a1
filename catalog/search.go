package catalog

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Query is a citizen's procedure search: words, and filters that must all hold.
type Query struct {
	Text   string      // name, code or field words, with or without diacritics
	Level  *int        // CAPTHUCHIEN 0–3; nil for any level
	Field  string      // field code (LINHVUCTHUCHIEN); "" for any
	Unit   string      // implementing unit's agency code; "" for any
	Online OnlineLevel // "" for any
}

// Index is the procedures with their words folded once, ready to be searched many times.
type Index struct{ entries []entry }

type entry struct {
	p     *Procedure
	name  []string // folded words of the name, in order
	field []string
	code  string // lower-case code
	plain string // the code without dots, for "1001193"
}

// NewIndex folds the procedures' names, fields and codes. The index keeps the pointers: the
// procedures must not change while it is in use.
func NewIndex(ps []*Procedure) *Index {
	ix := &Index{entries: make([]entry, 0, len(ps))}
	for _, p := range ps {
		e := entry{p: p, name: words(p.Name), field: words(p.FieldName), code: strings.ToLower(p.Code)}
		e.plain = strings.ReplaceAll(e.code, ".", "")
		ix.entries = append(ix.entries, e)
	}
	return ix
}

// Search returns the procedures matching q, best first. Without words every procedure passing
// the filters is returned, by field and name.
//
// Ranking: an exact code first, then a code prefix; then by how many of the query's words match
// (a procedure must match all of them, or, when none does, at least three quarters), then by
// score. A word matches a name or field word exactly, as its start (only the query's last word,
// from three letters), or with one typo — one letter added, dropped, changed or two swapped —
// when both words are at least three letters and one of them at least four, so "dumg" finds
// "dựng" and "snh" finds "sinh". Matches in the name weigh more than in the field; query words that follow
// each other in the name score a bonus; among equals the shorter name comes first.
func (ix *Index) Search(q Query) []*Procedure {
	terms := queryWords(q.Text)
	codeQ := strings.ToLower(strings.Join(strings.Fields(q.Text), ""))
	type hit struct {
		e              *entry
		code, matched  int
		score, nameLen int
	}
	var hits []hit
	for i := range ix.entries {
		e := &ix.entries[i]
		if !q.passes(e.p) {
			continue
		}
		h := hit{e: e, nameLen: len(e.name)}
		if codeQ == "" {
			hits = append(hits, h)
			continue
		}
		h.code = codeScore(codeQ, e)
		h.matched, h.score = e.match(terms)
		if h.code > 0 || h.matched > 0 {
			hits = append(hits, h)
		}
	}
	if codeQ != "" {
		// Every word must match; if no procedure matches them all, a quarter may be missing.
		need, n := len(terms), len(terms)
		full := false
		for _, h := range hits {
			full = full || h.matched == n
		}
		if !full {
			need = (3*n + 3) / 4
		}
		kept := hits[:0]
		for _, h := range hits {
			if h.code > 0 || (n > 0 && h.matched >= need) {
				kept = append(kept, h)
			}
		}
		hits = kept
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		switch {
		case a.code != b.code:
			return a.code > b.code
		case a.code > 0: // among code matches, by code
			return a.e.code < b.e.code
		case a.matched != b.matched:
			return a.matched > b.matched
		case a.score != b.score:
			return a.score > b.score
		case codeQ == "":
			if c := compareWords(a.e.field, b.e.field); c != 0 {
				return c < 0
			}
			if c := compareWords(a.e.name, b.e.name); c != 0 {
				return c < 0
			}
		case a.nameLen != b.nameLen:
			return a.nameLen < b.nameLen
		}
		return a.e.code < b.e.code
	})
	out := make([]*Procedure, len(hits))
	for i, h := range hits {
		out[i] = h.e.p
	}
	return out
}

// Search ranks ps against q; see Index.Search.
func Search(ps []Procedure, q Query) []*Procedure {
	ptrs := make([]*Procedure, len(ps))
	for i := range ps {
		ptrs[i] = &ps[i]
	}
	return NewIndex(ptrs).Search(q)
}

func (q Query) passes(p *Procedure) bool {
	if q.Field != "" && p.FieldCode != q.Field {
		return false
	}
	if q.Online != "" && p.OnlineLevel != q.Online {
		return false
	}
	if q.Unit != "" && !p.Implements(q.Unit) {
		return false
	}
	if q.Level != nil {
		found := false
		for _, l := range p.Levels {
			found = found || l == *q.Level
		}
		if !found {
			return false
		}
	}
	return true
}

// Scores of one query word against one document word, before the weight of where it matched.
const (
	exactWord   = 10
	prefixWord  = 6
	typoWord    = 4
	nameWeight  = 3
	fieldWeight = 2
	adjacency   = 5
	codeExact   = 3
	codePrefix  = 2
	codeInside  = 1
)

// codeScore: 3 for the exact code, 2 for a prefix of it (three characters or more with a
// digit), 1 for digits inside it ("001193"); 0 otherwise.
func codeScore(q string, e *entry) int {
	if q == e.code {
		return codeExact
	}
	if len(q) < 3 || !strings.ContainsAny(q, "0123456789") {
		return 0
	}
	if strings.HasPrefix(e.code, q) {
		return codePrefix
	}
	if plain := strings.ReplaceAll(q, ".", ""); len(plain) >= 4 && strings.Contains(e.plain, plain) {
		return codeInside
	}
	return 0
}

// match returns how many terms match the entry and their total score.
func (e *entry) match(terms []string) (matched, score int) {
	prev := -1 // where the previous term matched in the name; -1 when it did not
	for i, t := range terms {
		// Only the last word may be unfinished, and only from three letters: Vietnamese
		// syllables are short, and "tu" is a word of its own, not the start of "tục".
		prefix := i == len(terms)-1 && len(t) >= 3
		ns, pos := wordScore(t, e.name, prefix)
		if j := joinScore(t, e.name, prefix); j > ns {
			ns, pos = j, -1
		}
		s := ns * nameWeight
		if pos >= 0 && prev >= 0 && pos == prev+1 {
			s += adjacency
		}
		if f, _ := wordScore(t, e.field, prefix); f*fieldWeight > s {
			s, pos = f*fieldWeight, -1
		}
		prev = pos
		if s > 0 {
			matched++
			score += s
		}
	}
	return matched, score
}

// wordScore is the best match of t among ws and where it is (-1 when none); prefix allows t to
// be the start of a word.
func wordScore(t string, ws []string, prefix bool) (int, int) {
	best, at := 0, -1
	for i, w := range ws {
		s := 0
		switch {
		case w == t:
			return exactWord, i
		case prefix && strings.HasPrefix(w, t):
			s = prefixWord
		case typoAllowed(t, w) && oneEdit(t, w):
			s = typoWord
		}
		if s > best {
			best, at = s, i
		}
	}
	return best, at
}

// joinScore matches t against two neighbouring words written together ("khaisinh"): exactly,
// or, if prefix allows, as a start that reaches into the second word.
func joinScore(t string, ws []string, prefix bool) int {
	best := 0
	for i := 0; i+1 < len(ws); i++ {
		a, b := ws[i], ws[i+1]
		if len(t) <= len(a) || !strings.HasPrefix(t, a) {
			continue
		}
		rest := t[len(a):]
		if rest == b {
			return exactWord
		}
		if prefix && strings.HasPrefix(b, rest) {
			best = prefixWord
		}
	}
	return best
}

// compareWords orders word lists as the texts they spell.
func compareWords(a, b []string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := strings.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return len(a) - len(b)
}

func typoAllowed(a, b string) bool {
	return len(a) >= 3 && len(b) >= 3 && max(len(a), len(b)) >= 4
}

// oneEdit reports whether a and b differ by exactly one insertion, deletion, substitution or
// transposition of neighbours. Folded words are ASCII letters and digits, so bytes will do.
func oneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if i == len(a) {
			return false // equal
		}
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		return a[i:] == b[i+1:]
	}
	return false
}

// words folds s and splits it into words of letters and digits: the words of Fold(s), found
// faster. The portal folds the whole catalog on each search, and Fold's Unicode decomposition
// is most of that cost, so Latin letters with marks come from a table made once with Fold.
func words(s string) []string {
	var out []string
	var w []byte
	for _, r := range s {
		var c byte
		switch {
		case r < utf8.RuneSelf:
			c = byte(unicode.ToLower(r))
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
				c = 0
			}
		case r < latinEnd && latinFold()[r] != 0:
			c = latinFold()[r]
		case unicode.Is(unicode.Mn, r):
			continue // a combining mark, as Fold drops it
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			c = 0 // a dash, a quotation mark: between words
		default:
			return slowWords(s) // another script: rare in a Vietnamese catalog
		}
		if c == 0 {
			if len(w) > 0 {
				out, w = append(out, string(w)), w[:0]
			}
			continue
		}
		w = append(w, c)
	}
	if len(w) > 0 {
		out = append(out, string(w))
	}
	return out
}

func slowWords(s string) []string {
	return strings.FieldsFunc(Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// latinEnd bounds the table: Latin-1 to Latin Extended Additional, where Vietnamese lives.
const latinEnd = 0x1F00

// latinFold maps each letter below latinEnd that Fold turns into one ASCII letter or digit to it.
var latinFold = sync.OnceValue(func() *[latinEnd]byte {
	var t [latinEnd]byte
	for r := rune(utf8.RuneSelf); r < latinEnd; r++ {
		if f := Fold(string(r)); len(f) == 1 && ('a' <= f[0] && f[0] <= 'z' || '0' <= f[0] && f[0] <= '9') {
			t[r] = f[0]
		}
	}
	return &t
})

// queryWords are the words of a query, each once, without "thủ tục" ("procedure"), which says
// nothing — unless it is all the query says.
func queryWords(s string) []string {
	ws := words(s)
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(ws); i++ {
		if ws[i] == "thu" && i+1 < len(ws) && ws[i+1] == "tuc" && len(ws) > 2 {
			i++
			continue
		}
		if !seen[ws[i]] {
			seen[ws[i]] = true
			out = append(out, ws[i])
		}
	}
	return out
}

// FieldOption is one field of the catalog with how many procedures it has.
type FieldOption struct {
	Code  string
	Name  string
	Count int
}

// Fields lists the fields of ps by name, for a filter or a browse list.
func Fields(ps []*Procedure) []FieldOption {
	byCode := map[string]*FieldOption{}
	var out []*FieldOption
	for _, p := range ps {
		if p.FieldCode == "" {
			continue
		}
		f := byCode[p.FieldCode]
		if f == nil {
			f = &FieldOption{Code: p.FieldCode, Name: p.FieldName}
			byCode[p.FieldCode] = f
			out = append(out, f)
		}
		f.Count++
	}
	sort.SliceStable(out, func(i, j int) bool { return Fold(out[i].Name) < Fold(out[j].Name) })
	res := make([]FieldOption, len(out))
	for i, f := range out {
		res[i] = *f
	}
	return res
}
