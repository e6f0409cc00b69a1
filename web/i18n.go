package web

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// Lang is a page language. Vietnamese is the default; English is a switch in every page header,
// remembered in a cookie.
type Lang string

const (
	Vietnamese Lang = "vi"
	English    Lang = "en"
)

const langCookie = "motcua_lang"

// messages holds every page text by key, Vietnamese then English. Each page file registers its
// own with addMessages, so pages can be written side by side.
var (
	messagesMu sync.RWMutex
	messages   = map[string][2]string{}
)

func addMessages(m map[string][2]string) {
	messagesMu.Lock()
	defer messagesMu.Unlock()
	for k, v := range m {
		if _, dup := messages[k]; dup {
			panic("web: message key registered twice: " + k)
		}
		messages[k] = v
	}
}

// text returns the text for key in lang; a missing key shows itself, so a gap is visible on the
// page and caught by TestEveryMessageKeyExists.
func text(lang Lang, key string, args ...any) string {
	messagesMu.RLock()
	m, ok := messages[key]
	messagesMu.RUnlock()
	if !ok {
		return key
	}
	s := m[0]
	if lang == English && m[1] != "" {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

func langOf(r *http.Request) Lang {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == string(English) {
		return English
	}
	return Vietnamese
}

// switchLanguage sets the language cookie and goes back to the page the link was on.
func (s *Server) switchLanguage(w http.ResponseWriter, r *http.Request) {
	lang := Vietnamese
	if r.PathValue("lang") == string(English) {
		lang = English
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(lang), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
}

// localPath keeps a redirect target on this site: a path, never "//host" or a full URL.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}

func init() {
	addMessages(map[string][2]string{
		"site.name":        {"Cổng dịch vụ công một cửa", "One-stop public service portal"},
		"site.province":    {"Tỉnh Vĩnh Phúc", "Vĩnh Phúc Province"},
		"site.skip":        {"Bỏ qua, đến nội dung chính", "Skip to main content"},
		"nav.procedures":   {"Thủ tục hành chính", "Procedures"},
		"nav.track":        {"Tra cứu hồ sơ", "Track a dossier"},
		"nav.officer":      {"Cán bộ", "Officers"},
		"nav.signin":       {"Đăng nhập", "Sign in"},
		"nav.signout":      {"Đăng xuất", "Sign out"},
		"nav.lang.other":   {"English", "Tiếng Việt"},
		"error.summary":    {"Có lỗi cần sửa", "There is a problem"},
		"error.notfound":   {"Không tìm thấy trang", "Page not found"},
		"error.forbidden":  {"Bạn không có quyền xem trang này", "You may not see this page"},
		"error.csrf":       {"Biểu mẫu đã hết hạn. Vui lòng tải lại trang và gửi lại.", "The form has expired. Reload the page and send it again."},
		"error.internal":   {"Lỗi hệ thống. Vui lòng thử lại sau.", "Something went wrong. Please try again later."},
		"error.toolarge":   {"Nội dung gửi lên quá lớn.", "What you sent is too large."},
		"footer.operator":  {"Cơ quan chủ quản: Văn phòng UBND tỉnh", "Operated by the Provincial People's Committee Office"},
		"footer.hotline":   {"Đường dây nóng: 1022", "Hotline: 1022"},
		"home.title":       {"Tìm thủ tục hành chính", "Find a procedure"},
		"home.lead":        {"Nhập tên, mã hoặc lĩnh vực. Có thể gõ không dấu.", "Type a name, code or field. Diacritics are optional."},
		"home.search":      {"Tìm kiếm", "Search"},
		"home.query":       {"Từ khóa", "Search words"},
		"home.results":     {"Tìm thấy %d thủ tục", "%d procedures found"},
		"home.noresults":   {"Không tìm thấy thủ tục phù hợp. Hãy thử từ khóa khác.", "No procedure matches. Try other words."},
		"home.track.title": {"Đã nộp hồ sơ?", "Already applied?"},
		"home.track.lead":  {"Tra cứu tình trạng bằng mã hồ sơ in trên giấy tiếp nhận.", "Track it with the dossier code printed on your receipt."},
	})
}
