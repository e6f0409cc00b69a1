package signing

import (
	"strings"
	"unicode"
	"unicode/utf16"

	"golang.org/x/text/unicode/norm"
)

// pdfSafe keeps a signature's Name, Reason and Location readable by every verifier: the PDF
// library writes non-ASCII text as UTF-16 inside a literal string without escaping, so a
// character one of whose UTF-16 bytes is "(", ")", "\" or CR (ĩ is U+0129: a ")") would end the
// string early and break the signature dictionary. Such characters lose their marks (ĩ → i); the
// rest of the Vietnamese text is kept.
func pdfSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !unsafeInUTF16(r) {
			b.WriteRune(r)
			continue
		}
		for _, x := range norm.NFD.String(string(r)) {
			if !unicode.Is(unicode.Mn, x) && !unsafeInUTF16(x) {
				b.WriteRune(x)
			}
		}
	}
	return b.String()
}

func unsafeInUTF16(r rune) bool {
	if r < 0x80 {
		return false // ASCII-only text is escaped properly
	}
	for _, u := range utf16.Encode([]rune{r}) {
		for _, c := range []byte{byte(u >> 8), byte(u)} {
			if c == '(' || c == ')' || c == '\\' || c == '\r' {
				return true
			}
		}
	}
	return false
}
