package slip

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// AmountInWords writes an amount of đồng in Vietnamese words as receipts and invoices print it,
// capitalised: 150000 → "Một trăm năm mươi nghìn đồng". It follows the northern, official
// reading: "linh" for a missing tens digit (105: một trăm linh năm), "mười" for ten and "mươi"
// for twenty and up, "mốt" for a one after "mươi" (21: hai mươi mốt), "lăm" for a five after
// a tens digit (15: mười lăm, 55: năm mươi lăm), "tư" for a four after "mươi" (24: hai mươi tư,
// but 14: mười bốn), and "không trăm" for a group of three after the first that has no hundreds
// (1.005.000: một triệu không trăm linh năm nghìn). Groups past "tỷ" repeat it (nghìn tỷ, triệu tỷ).
func AmountInWords(v int64) string {
	var words string
	switch {
	case v == 0:
		words = "không"
	case v < 0:
		// -v overflows for the smallest int64; its digits are read from the unsigned value.
		words = "âm " + numberWords(uint64(-(v+1))+1)
	default:
		words = numberWords(uint64(v))
	}
	r, n := utf8.DecodeRuneInString(words)
	return string(unicode.ToUpper(r)) + words[n:] + " đồng"
}

var (
	digitWords = [10]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}
	// groupWords name the groups of three digits from the right; a uint64 has at most seven.
	groupWords = [7]string{"", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ"}
)

// numberWords reads n > 0 in lower-case words: its groups of three digits from the left, each
// followed by its name, leaving out groups that are zero.
func numberWords(n uint64) string {
	var groups []int // least significant first
	for ; n > 0; n /= 1000 {
		groups = append(groups, int(n%1000))
	}
	var parts []string
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		if g == 0 {
			continue
		}
		parts = append(parts, groupWordsOf(g, i == len(groups)-1))
		if groupWords[i] != "" {
			parts = append(parts, groupWords[i])
		}
	}
	return strings.Join(parts, " ")
}

// groupWordsOf reads one group of three digits, 1 to 999. The leading group of a number says
// only what it has ("hai mươi mốt"); the others say their hundreds even when zero ("không trăm
// linh năm").
func groupWordsOf(g int, leading bool) string {
	h, t, u := g/100, g/10%10, g%10
	var w []string
	if h > 0 || !leading {
		w = append(w, digitWords[h], "trăm")
	}
	switch {
	case t == 0 && u == 0:
		return strings.Join(w, " ")
	case t == 0:
		if len(w) > 0 {
			w = append(w, "linh")
		}
	case t == 1:
		w = append(w, "mười")
	default:
		w = append(w, digitWords[t], "mươi")
	}
	switch {
	case u == 0:
	case u == 1 && t >= 2:
		w = append(w, "mốt")
	case u == 4 && t >= 2:
		w = append(w, "tư")
	case u == 5 && t >= 1:
		w = append(w, "lăm")
	default:
		w = append(w, digitWords[u])
	}
	return strings.Join(w, " ")
}
