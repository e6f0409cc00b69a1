package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

// Digitisation and re-use (docs/digitisation.md): on the officer's dossier page an intake
// officer of the receiving unit scans each paper handed in ("Số hóa giấy tờ"); on the documents
// step of an online submission the citizen takes documents from their earlier dossiers instead
// of uploading them again ("Dùng lại giấy tờ đã có"); "Kho giấy tờ của tôi" lists them all.

func (s *Server) routesDigitisation() {
	s.mux.HandleFunc("POST /can-bo/ho-so/{code}/so-hoa", s.officer(s.digitiseUpload))
	s.mux.HandleFunc("POST /ho-so-nhap/{id}/dung-lai", s.form(MaxForm, s.citizen(s.draftReuse)))
	s.mux.HandleFunc("GET /cong-dan/kho-giay-to", s.citizen(s.myDocuments))
	s.mux.HandleFunc("GET /cong-dan/kho-giay-to/{id}", s.citizen(s.myDocumentFile))
}

// digitiseView is the dossier page's "Số hóa giấy tờ" section.
type digitiseView struct {
	Docs   []digitiseDoc    // one upload form each; none unless the user may digitise now
	Files  []fileRow        // the papers digitised so far
	Reused map[int64]string // re-used file → the dossier it was taken from
	Added  bool
}

type digitiseDoc struct {
	Field string // the file input's id: digitise-{i}
	Index int
	Name  string
	Files []fileRow
}

// dossierDigitise lays out the section from the dossier's files (already on the page).
func (s *Server) dossierDigitise(ctx context.Context, u user.User, code string, files []fileRow, added bool) (digitiseView, error) {
	v := digitiseView{Reused: map[int64]string{}, Added: added}
	dg, err := s.store.DigitisationOf(ctx, u, code)
	if err != nil {
		return v, err
	}
	for _, f := range files {
		if f.Purpose == store.PurposeDigitised {
			v.Files = append(v.Files, f)
		}
	}
	for i, name := range dg.Checklist {
		d := digitiseDoc{Field: fmt.Sprintf("digitise-%d", i), Index: i, Name: name}
		for _, f := range v.Files {
			if f.Document == name {
				d.Files = append(d.Files, f)
			}
		}
		v.Docs = append(v.Docs, d)
	}
	for _, r := range dg.Reuses {
		v.Reused[r.NewFileID] = r.SourceDossier
	}
	return v, nil
}

// digitiseUpload stores the scans of one paper: field "doc" is its index in the checklist, "file"
// its pages.
func (s *Server) digitiseUpload(w http.ResponseWriter, r *http.Request, u user.User) {
	lang := langOf(r)
	code := r.PathValue("code")
	field := "digitise-0"
	again := func(status int, msg string) {
		s.showDossier(w, r, u, status, &dossierPageData{}, nil, FieldErrors{{field, msg}})
	}
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(uploadTimeout))
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			again(http.StatusRequestEntityTooLarge, text(lang, "citizen.err.toolarge", store.MaxSubmissionSize>>20))
			return
		}
		s.errorPage(w, r, http.StatusBadRequest, "officer.error.badform")
		return
	}
	if !validCSRF(r) {
		s.errorPage(w, r, http.StatusForbidden, "error.csrf")
		return
	}
	dg, err := s.store.DigitisationOf(r.Context(), u, code)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "officer.dossier.notfound")
		return
	}
	if err != nil {
		s.log.Error("digitise", "code", code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	i, err := strconv.Atoi(r.PostFormValue("doc"))
	if err != nil || i < 0 || i >= len(dg.Checklist) {
		if len(dg.Checklist) == 0 {
			s.showDossier(w, r, u, http.StatusForbidden, &dossierPageData{Conflict: "officer.digitise.notallowed"}, nil, nil)
			return
		}
		s.errorPage(w, r, http.StatusBadRequest, "officer.error.badform")
		return
	}
	field = fmt.Sprintf("digitise-%d", i)
	files, errs := readUploads(r, lang, []uploadField{{"file", dg.Checklist[i]}}, 0)
	if len(errs) > 0 {
		again(http.StatusUnprocessableEntity, errs[0].Message)
		return
	}
	if len(files) == 0 {
		again(http.StatusUnprocessableEntity, text(lang, "citizen.err.file.none"))
		return
	}
	_, err = s.store.Digitise(r.Context(), u, code, dg.Checklist[i], files)
	switch {
	case err == nil:
		http.Redirect(w, r, "/can-bo/ho-so/"+url.PathEscape(code)+"?so-hoa=1#digitise-h", http.StatusSeeOther)
	case motcua.ErrorCode(err) == motcua.ENOTFOUND:
		s.errorPage(w, r, http.StatusNotFound, "officer.dossier.notfound")
	case motcua.ErrorCode(err) == motcua.EFORBIDDEN || motcua.ErrorCode(err) == motcua.ECONFLICT:
		s.showDossier(w, r, u, http.StatusConflict, &dossierPageData{Conflict: "officer.digitise.notallowed"}, nil, nil)
	default:
		if errs, ok := storeFileError(lang, err, field); ok {
			again(http.StatusUnprocessableEntity, errs[0].Message)
			return
		}
		s.log.Error("digitise", "code", code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
	}
}

// reuseView is the documents step's "Dùng lại giấy tờ đã có": per checklist document, the
// documents of the citizen's store it may take, those filed under the same name first.
type reuseView struct {
	Docs []reuseDoc
	From map[int64]string // a file of the draft taken from the store → the dossier it came from
}

type reuseDoc struct {
	Field   string // the select's id and name: reuse-{i}
	Name    string
	Options []reuseOption
}

type reuseOption struct {
	ID    int64
	Label string
	Same  bool // filed under the same document name
}

// fillReuse adds the store's documents to the documents step, and the flash after a re-use.
func (s *Server) fillReuse(r *http.Request, v *draftView) error {
	v.Reuse = reuseView{From: map[int64]string{}}
	if n, err := strconv.Atoi(r.URL.Query().Get("da-dung-lai")); err == nil && n > 0 {
		v.Flash, v.Uploaded = "citizen.reuse.flash", n
	}
	u, ok := s.currentUser(r)
	if !ok {
		return nil
	}
	reuses, err := s.store.DraftReuses(r.Context(), u, v.Draft.ID)
	if err != nil {
		return err
	}
	for _, x := range reuses {
		v.Reuse.From[x.NewFileID] = x.SourceDossier
	}
	docs, err := s.store.PersonalDocuments(r.Context(), u)
	if err != nil || len(docs) == 0 {
		return err
	}
	lang := langOf(r)
	for _, d := range v.Docs {
		rd := reuseDoc{Field: "reuse-" + d.Field, Name: d.Doc.Name}
		for _, sd := range docs {
			rd.Options = append(rd.Options, reuseOption{ID: sd.ID, Same: sd.Document == d.Doc.Name,
				Label: text(lang, "citizen.reuse.option", sd.Document, sd.Name, sd.DossierCode, sd.UploadedAt.Format("02/01/2006"))})
		}
		sort.SliceStable(rd.Options, func(i, j int) bool { return rd.Options[i].Same && !rd.Options[j].Same })
		v.Reuse.Docs = append(v.Reuse.Docs, rd)
	}
	return nil
}

// draftReuse puts the documents chosen from the store on the draft.
func (s *Server) draftReuse(w http.ResponseWriter, r *http.Request, u user.User) {
	v, ok := s.loadDraft(w, r, u)
	if !ok {
		return
	}
	if v.Case == nil {
		http.Redirect(w, r, v.url(stepCase), http.StatusSeeOther)
		return
	}
	lang := langOf(r)
	var picks []store.ReusePick
	first := ""
	for _, d := range v.Docs {
		raw := r.PostFormValue("reuse-" + d.Field)
		if raw == "" {
			continue
		}
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			s.errorPage(w, r, http.StatusNotFound, "citizen.file.notfound")
			return
		}
		if first == "" {
			first = "reuse-" + d.Field
		}
		picks = append(picks, store.ReusePick{SourceFileID: id, Document: d.Doc.Name})
	}
	if len(picks) == 0 {
		s.showStep(w, r, http.StatusUnprocessableEntity, v, stepDocuments,
			FieldErrors{{"reuse-" + v.Docs[0].Field, text(lang, "citizen.reuse.err.none")}})
		return
	}
	_, err := s.store.ReuseInDraft(r.Context(), u, v.Draft.ID, picks)
	switch {
	case err == nil:
		http.Redirect(w, r, v.url(stepDocuments)+"?da-dung-lai="+strconv.Itoa(len(picks)), http.StatusSeeOther)
	case motcua.ErrorCode(err) == motcua.ENOTFOUND:
		s.errorPage(w, r, http.StatusNotFound, "citizen.file.notfound")
	default:
		if errs, ok := storeFileError(lang, err, first); ok {
			s.showStep(w, r, http.StatusUnprocessableEntity, v, stepDocuments, errs)
			return
		}
		s.log.Error("reuse", "draft", v.Draft.ID, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
	}
}

// storeGroup is one part of "Kho giấy tờ của tôi".
type storeGroup struct {
	Key  string // heading's message key
	Docs []storeRow
}

type storeRow struct {
	store.StoredDocument
	SizeText string
}

// myDocuments is the citizen's personal document store: electronic results, papers digitised at
// the counter, documents sent online.
func (s *Server) myDocuments(w http.ResponseWriter, r *http.Request, u user.User) {
	docs, err := s.store.PersonalDocuments(r.Context(), u)
	if err != nil {
		s.log.Error("personal documents", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	lang := langOf(r)
	groups := []storeGroup{{Key: "citizen.store.results"}, {Key: "citizen.store.digitised"}, {Key: "citizen.store.sent"}}
	for _, d := range docs {
		g := &groups[2]
		switch {
		case d.IsResult():
			g = &groups[0]
		case d.IsDigitised():
			g = &groups[1]
		}
		g.Docs = append(g.Docs, storeRow{d, sizeText(lang, d.Size)})
	}
	s.render(w, r, http.StatusOK, "citizen_store", "citizen.store.title", nil, struct {
		Groups []storeGroup
		Empty  bool
	}{groups, len(docs) == 0})
}

// myDocumentFile serves a document of the citizen's store: the store decides by ID number, so a
// paper digitised for a dossier filed at the counter is theirs too.
func (s *Server) myDocumentFile(w http.ResponseWriter, r *http.Request, u user.User) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, http.StatusNotFound, "citizen.file.notfound")
		return
	}
	d, data, err := s.store.PersonalDocument(r.Context(), u, id)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "citizen.file.notfound")
		return
	}
	if err != nil {
		s.log.Error("personal document", "id", id, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	writeInline(w, d.ContentType, d.Name, data)
}

func init() {
	addMessages(map[string][2]string{
		"officer.files.purpose.digitised": {"Giấy tờ đã số hóa", "Digitised paper"},
		"officer.digitise.title":          {"Số hóa giấy tờ", "Digitise the papers"},
		"officer.digitise.lead":           {"Quét hoặc chụp từng giấy tờ đã nhận và tải lên: bản điện tử được lưu vào kho giấy tờ của người nộp để dùng lại ở các hồ sơ sau.", "Scan or photograph each paper received and upload it: the electronic copy goes into the applicant's document store, to be re-used in later dossiers."},
		"officer.digitise.none":           {"Chưa có giấy tờ nào được số hóa.", "No paper has been digitised yet."},
		"officer.digitise.done":           {"Đã số hóa:", "Digitised:"},
		"officer.digitise.by":             {"%s, lúc %s", "%s, at %s"},
		"officer.digitise.file":           {"Tệp quét (PDF, JPG hoặc PNG)", "Scanned file (PDF, JPG or PNG)"},
		"officer.digitise.upload":         {"Số hóa", "Digitise"},
		"officer.digitise.flash":          {"Đã lưu bản số hóa.", "The digitised copy was saved."},
		"officer.digitise.notallowed":     {"Chỉ cán bộ tiếp nhận của đơn vị nhận hồ sơ được số hóa giấy tờ, sau khi hồ sơ đã được tiếp nhận.", "Only an intake officer of the receiving unit digitises the papers, once the dossier is received."},
		"officer.digitise.reused":         {"Dùng lại từ hồ sơ %s", "Re-used from dossier %s"},

		"citizen.reuse.title":    {"Dùng lại giấy tờ đã có", "Re-use documents you already have"},
		"citizen.reuse.lead":     {"Giấy tờ trong các hồ sơ trước của bạn — đã nộp trực tuyến, đã được số hóa tại Bộ phận Một cửa, hoặc kết quả điện tử — dùng được ngay, không cần tải lên lại.", "Documents of your earlier dossiers — sent online, digitised at the one-stop desk, or electronic results — can be used at once, without uploading them again."},
		"citizen.reuse.none":     {"— Không dùng —", "— None —"},
		"citizen.reuse.option":   {"%s: %s (hồ sơ %s, %s)", "%s: %s (dossier %s, %s)"},
		"citizen.reuse.button":   {"Dùng lại giấy tờ đã chọn", "Use the chosen documents"},
		"citizen.reuse.from":     {"dùng lại từ hồ sơ %s", "re-used from dossier %s"},
		"citizen.reuse.flash":    {"Đã thêm %d giấy tờ từ kho giấy tờ của bạn.", "%d documents added from your document store."},
		"citizen.reuse.err.none": {"Chọn ít nhất một giấy tờ để dùng lại", "Choose at least one document to re-use"},
		"citizen.reuse.store":    {"Xem kho giấy tờ của tôi", "See my document store"},

		"citizen.store.title":     {"Kho giấy tờ của tôi", "My document store"},
		"citizen.store.lead":      {"Các giấy tờ điện tử trong những hồ sơ mang số định danh của bạn. Khi nộp hồ sơ trực tuyến, bạn có thể dùng lại các giấy tờ này thay vì tải lên lại.", "The electronic documents of the dossiers filed with your ID number. When you apply online you can re-use them instead of uploading them again."},
		"citizen.store.results":   {"Kết quả điện tử", "Electronic results"},
		"citizen.store.digitised": {"Giấy tờ đã số hóa tại Bộ phận Một cửa", "Papers digitised at the one-stop desk"},
		"citizen.store.sent":      {"Giấy tờ đã nộp trực tuyến", "Documents sent online"},
		"citizen.store.empty":     {"Chưa có giấy tờ điện tử nào.", "No electronic document yet."},
		"citizen.store.document":  {"Giấy tờ", "Document"},
		"citizen.store.file":      {"Tệp", "File"},
		"citizen.store.dossier":   {"Hồ sơ", "Dossier"},
		"citizen.store.date":      {"Ngày", "Date"},
		"citizen.my.store.link":   {"Kho giấy tờ của tôi", "My document store"},
	})
}
