package web

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// The signed-in citizen's pages: sign-in through OpenID Connect (oidc.go), online submission
// one question per page with drafts saved at every step (citizen_submit.go), uploads
// (citizen_files.go), and "my dossiers" with the answers to a supplement request, withdrawal,
// the rating and who opened their personal data (citizen_dossiers.go).

func (s *Server) routesCitizen() {
	s.mux.HandleFunc("GET /dang-nhap/cong-dan", s.citizenSignInPage)
	s.mux.HandleFunc("GET /dang-nhap/cong-dan/bat-dau", s.citizenSignInStart)
	s.mux.HandleFunc("GET /dang-nhap/cong-dan/callback", s.citizenSignInCallback)

	s.mux.HandleFunc("GET /nop-ho-so/{code}", s.submitStart)
	s.mux.HandleFunc("POST /nop-ho-so/{code}", s.form(MaxForm, s.citizen(s.draftCreate)))
	s.mux.HandleFunc("GET /ho-so-nhap/{id}", s.citizen(s.draftResume))
	for _, st := range draftSteps {
		s.mux.HandleFunc("GET /ho-so-nhap/{id}/"+st, s.citizen(s.draftStep))
		if st != stepDocuments && st != stepCheck {
			s.mux.HandleFunc("POST /ho-so-nhap/{id}/"+st, s.form(MaxForm, s.citizen(s.draftSave)))
		}
	}
	s.mux.HandleFunc("POST /ho-so-nhap/{id}/"+stepDocuments, s.citizenUpload(s.draftUpload))
	s.mux.HandleFunc("POST /ho-so-nhap/{id}/nop", s.form(MaxForm, s.citizen(s.draftSubmit)))
	s.mux.HandleFunc("POST /ho-so-nhap/{id}/xoa", s.form(MaxForm, s.citizen(s.draftDelete)))
	s.mux.HandleFunc("POST /ho-so-nhap/{id}/tep/{file}/xoa", s.form(MaxForm, s.citizen(s.draftRemoveFile)))

	s.mux.HandleFunc("GET /cong-dan/ho-so", s.citizen(s.myDossiers))
	s.mux.HandleFunc("GET /cong-dan/ho-so/{code}", s.citizen(s.myDossier))
	s.mux.HandleFunc("GET /cong-dan/ho-so/{code}/da-nop", s.citizen(s.mySubmitted))
	s.mux.HandleFunc("POST /cong-dan/ho-so/{code}/bo-sung", s.citizenUpload(s.mySupplement))
	s.mux.HandleFunc("GET /cong-dan/ho-so/{code}/rut", s.citizen(s.myWithdrawPage))
	s.mux.HandleFunc("POST /cong-dan/ho-so/{code}/rut", s.form(MaxForm, s.citizen(s.myWithdraw)))
	s.mux.HandleFunc("POST /cong-dan/ho-so/{code}/danh-gia", s.form(MaxForm, s.citizen(s.myRate)))
	s.mux.HandleFunc("GET /cong-dan/truy-cap", s.citizen(s.myAccessLog))

	s.mux.HandleFunc("GET /tep/{id}", s.fileDownload)
}

// citizen wraps a signed-in citizen's handler: without a session the browser goes to the
// citizen sign-in and comes back; an officer's session gets a page that says these pages are
// for citizens.
func (s *Server) citizen(next func(http.ResponseWriter, *http.Request, user.User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r, u, ok := s.withUser(r)
		if !ok {
			back := r.URL.Path
			if r.Method == http.MethodGet {
				back = r.URL.RequestURI()
			}
			http.Redirect(w, r, "/dang-nhap/cong-dan?next="+url.QueryEscape(back), http.StatusSeeOther)
			return
		}
		if !u.Has(workflow.Citizen) {
			s.errorPage(w, r, http.StatusForbidden, "citizen.notcitizen")
			return
		}
		next(w, r, u)
	}
}

// maxUploadBody bounds one upload request: a whole submission's files and the form around them.
const maxUploadBody = store.MaxSubmissionSize + 1<<20

// uploadTimeout is how long an upload may take to arrive: 50 MB at about 1 Mbit/s.
const uploadTimeout = 8 * time.Minute

// citizenUpload wraps a citizen's multipart form: it bounds and parses the body and checks the
// CSRF token like form does, but a body over the limit reaches the handler (tooLarge) so that
// the page can say so next to the file field instead of on an error page.
func (s *Server) citizenUpload(next func(w http.ResponseWriter, r *http.Request, u user.User, tooLarge bool)) http.HandlerFunc {
	return s.citizen(func(w http.ResponseWriter, r *http.Request, u user.User) {
		// 50 MB over a slow mobile line takes minutes: longer than the server's read timeout
		// for ordinary requests.
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Now().Add(uploadTimeout))
		_ = rc.SetWriteDeadline(time.Now().Add(uploadTimeout + time.Minute))
		r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
		err := r.ParseMultipartForm(8 << 20)
		if errors.Is(err, http.ErrNotMultipart) {
			err = r.ParseForm()
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				next(w, r, u, true)
				return
			}
			s.errorPage(w, r, http.StatusBadRequest, "error.csrf")
			return
		}
		if !validCSRF(r) {
			s.errorPage(w, r, http.StatusForbidden, "error.csrf")
			return
		}
		next(w, r, u, false)
	})
}

func asError(err error, target **motcua.Error) bool { return errors.As(err, target) }

func init() {
	addMessages(map[string][2]string{
		"citizen.notcitizen": {"Trang này dành cho công dân đăng nhập bằng tài khoản định danh điện tử.", "This page is for citizens signed in with their electronic identity."},
		"citizen.back":       {"Quay lại", "Back"},
		"citizen.continue":   {"Tiếp tục", "Continue"},
		"citizen.mydossiers": {"Hồ sơ của tôi", "My dossiers"},
		"citizen.required":   {"(bắt buộc)", "(required)"},
		"citizen.optional":   {"(không bắt buộc)", "(optional)"},
		"citizen.mb":         {"%.1f MB", "%.1f MB"},
		"citizen.kb":         {"%d KB", "%d KB"},

		"citizen.signin.title":           {"Đăng nhập cho công dân", "Sign in as a citizen"},
		"citizen.signin.lead":            {"Dùng tài khoản định danh điện tử %s để nộp hồ sơ trực tuyến, theo dõi hồ sơ của bạn, bổ sung giấy tờ và đánh giá.", "Use your %s electronic identity to apply online, follow your dossiers, add documents and rate the service."},
		"citizen.signin.button":          {"Đăng nhập bằng %s", "Sign in with %s"},
		"citizen.signin.after":           {"Lần đầu đăng nhập, hệ thống tạo tài khoản gắn với số định danh cá nhân (CCCD) của bạn.", "The first time you sign in, an account linked to your personal ID number (CCCD) is created."},
		"citizen.signin.off":             {"Đăng nhập cho công dân chưa được cấu hình trên hệ thống này. Bạn vẫn có thể nộp hồ sơ tại Bộ phận Một cửa và tra cứu hồ sơ bằng mã hồ sơ.", "Citizen sign-in is not set up on this system. You can still apply at the one-stop desk and track a dossier by its code."},
		"citizen.signin.officer":         {"Bạn là cán bộ? Đăng nhập tại đây.", "Are you an officer? Sign in here."},
		"citizen.signin.err.state":       {"Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại.", "The sign-in has expired or is not valid. Please sign in again."},
		"citizen.signin.err.cancelled":   {"Bạn chưa hoàn tất đăng nhập. Vui lòng thử lại.", "You did not finish signing in. Please try again."},
		"citizen.signin.err.provider":    {"Không kết nối được với hệ thống định danh. Vui lòng thử lại sau ít phút.", "The identity service could not be reached. Please try again in a few minutes."},
		"citizen.signin.err.noid":        {"Hệ thống định danh không cung cấp số định danh cá nhân của bạn, nên chưa thể đăng nhập.", "The identity service did not give your personal ID number, so you cannot be signed in."},
		"citizen.signin.err.notcitizen":  {"Số định danh này gắn với một tài khoản cán bộ. Cán bộ đăng nhập bằng tên đăng nhập và mật khẩu.", "This ID number belongs to an officer's account. Officers sign in with their username and password."},
		"citizen.signin.err.title":       {"Chưa đăng nhập được", "You are not signed in"},
		"citizen.signin.err.tryagain":    {"Thử đăng nhập lại", "Try signing in again"},
		"citizen.signin.providerchecked": {"Bạn sẽ được chuyển sang trang của hệ thống định danh rồi quay lại đây.", "You will go to the identity service's page and then come back here."},
	})
}
