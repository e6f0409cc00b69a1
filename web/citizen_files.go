package web

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

// Uploads: several files per checklist document, each a PDF, JPEG or PNG by its content (not its
// name), at most store.MaxFileSize, and at most store.MaxSubmissionSize for a submission or a
// supplement answer. A refused file is named in the message next to its field; a refused upload
// stores nothing. The files go into the database with their metadata in one transaction.

// uploadField is one file input and the checklist document its files answer.
type uploadField struct {
	Field    string
	Document string
}

// readUploads reads and checks the files of the form's file inputs; already is the size of the
// files stored before. The errors are one per field, in the order of fields.
func readUploads(r *http.Request, lang Lang, fields []uploadField, already int64) ([]store.NewFile, FieldErrors) {
	var files []store.NewFile
	var errs FieldErrors
	total := already
	firstWithFiles := ""
	for _, f := range fields {
		var msgs []string
		var heads []*multipart.FileHeader
		if r.MultipartForm != nil {
			heads = r.MultipartForm.File[f.Field]
		}
		for _, fh := range heads {
			name := store.CleanFileName(fh.Filename)
			if fh.Size > store.MaxFileSize {
				msgs = append(msgs, text(lang, "citizen.err.file.size", name, store.MaxFileSize>>20))
				continue
			}
			data, err := readPart(fh)
			switch {
			case err != nil:
				msgs = append(msgs, text(lang, "citizen.err.file.read", name))
				continue
			case len(data) == 0:
				msgs = append(msgs, text(lang, "citizen.err.file.empty", name))
				continue
			case len(data) > store.MaxFileSize:
				msgs = append(msgs, text(lang, "citizen.err.file.size", name, store.MaxFileSize>>20))
				continue
			case store.SniffFileType(data) == "":
				msgs = append(msgs, text(lang, "citizen.err.file.type", name))
				continue
			}
			if firstWithFiles == "" {
				firstWithFiles = f.Field
			}
			total += int64(len(data))
			files = append(files, store.NewFile{Document: f.Document, Name: name, Data: data})
		}
		if len(msgs) > 0 {
			errs = append(errs, FieldError{f.Field, strings.Join(msgs, " ")})
		}
	}
	if len(errs) == 0 && total > store.MaxSubmissionSize {
		errs = append(errs, FieldError{firstWithFiles, text(lang, "citizen.err.file.total", store.MaxSubmissionSize>>20,
			sizeText(lang, already))})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return files, nil
}

func readPart(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, store.MaxFileSize+1))
}

// storeFileError turns the store's refusal of a file into the message for field.
func storeFileError(lang Lang, err error, field string) (FieldErrors, bool) {
	var me *motcua.Error
	if !asError(err, &me) || me.Code != motcua.EINVALID {
		return nil, false
	}
	key := map[string]string{"file_type": "citizen.err.file.type", "file_empty": "citizen.err.file.empty",
		"file_too_large": "citizen.err.file.size", "files_too_large": "citizen.err.file.total",
		"too_many_files": "citizen.err.file.toomany", "dossier_too_large": "citizen.err.file.dossier"}[me.Key]
	if key == "" {
		return nil, false
	}
	var msg string
	switch me.Key {
	case "file_too_large":
		msg = text(lang, key, me.Field, store.MaxFileSize>>20)
	case "files_too_large":
		msg = text(lang, key, store.MaxSubmissionSize>>20, "")
	case "too_many_files":
		msg = text(lang, key, store.MaxFilesPerDraft)
	case "dossier_too_large":
		msg = text(lang, key, store.MaxDossierSize>>20)
	default:
		msg = text(lang, key, me.Field)
	}
	return FieldErrors{{field, msg}}, true
}

// draftUpload takes the documents step's form: "upload" stores the chosen files and shows the
// page again; "continue" stores them too, then checks that every required document has a file.
func (s *Server) draftUpload(w http.ResponseWriter, r *http.Request, u user.User, tooLarge bool) {
	v, ok := s.loadDraft(w, r, u)
	if !ok {
		return
	}
	if v.Case == nil {
		http.Redirect(w, r, v.url(stepCase), http.StatusSeeOther)
		return
	}
	lang := langOf(r)
	first := v.Docs[0].Field
	if tooLarge {
		s.showStep(w, r, http.StatusRequestEntityTooLarge, v, stepDocuments,
			FieldErrors{{first, text(lang, "citizen.err.toolarge", store.MaxSubmissionSize>>20)}})
		return
	}
	fields := make([]uploadField, len(v.Docs))
	for i, d := range v.Docs {
		fields[i] = uploadField{d.Field, d.Doc.Name}
	}
	var already int64
	for _, f := range v.Draft.Files {
		already += f.Size
	}
	files, errs := readUploads(r, lang, fields, already)
	cont := r.PostFormValue("action") == "continue"
	if len(errs) == 0 && len(files) == 0 && !cont {
		errs = FieldErrors{{first, text(lang, "citizen.err.file.none")}}
	}
	if len(errs) > 0 {
		s.showStep(w, r, http.StatusUnprocessableEntity, v, stepDocuments, errs)
		return
	}
	if len(files) > 0 {
		_, err := s.store.AddDraftFiles(r.Context(), u, v.Draft.ID, files)
		if err != nil {
			if errs, ok := storeFileError(lang, err, first); ok {
				s.showStep(w, r, http.StatusUnprocessableEntity, v, stepDocuments, errs)
				return
			}
			s.log.Error("upload", "draft", v.Draft.ID, "err", err)
			s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
			return
		}
	}
	if !cont {
		http.Redirect(w, r, v.url(stepDocuments)+"?da-tai="+strconv.Itoa(len(files)), http.StatusSeeOther)
		return
	}
	if v, ok = s.loadDraft(w, r, u); !ok {
		return
	}
	for _, d := range v.Docs {
		if d.Doc.Required && len(d.Files) == 0 {
			errs = append(errs, FieldError{d.Field, text(lang, "citizen.err.doc.missing", d.Doc.Name)})
		}
	}
	if len(errs) > 0 {
		s.showStep(w, r, http.StatusUnprocessableEntity, v, stepDocuments, errs)
		return
	}
	a := v.Draft.Answers
	a.DocumentsDone = true
	if err := s.store.SaveDraft(r.Context(), u, v.Draft.ID, a); err != nil {
		s.log.Error("save draft", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	s.toNextStep(w, r, u)
}

func (s *Server) draftRemoveFile(w http.ResponseWriter, r *http.Request, u user.User) {
	id, err1 := strconv.ParseInt(r.PathValue("id"), 10, 64)
	file, err2 := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err1 != nil || err2 != nil {
		s.errorPage(w, r, http.StatusNotFound, "citizen.file.notfound")
		return
	}
	err := s.store.RemoveDraftFile(r.Context(), u, id, file)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "citizen.file.notfound")
		return
	}
	if err != nil {
		s.log.Error("remove file", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/ho-so-nhap/%d/%s?da-xoa=1", id, stepDocuments), http.StatusSeeOther)
}

// ScreenFile names, in the personal-data access log, an officer opening a dossier's file.
const ScreenFile = "file"

// fileDownload serves an uploaded file to whoever may see it (its uploader while on a draft,
// whoever may see its dossier after), and logs an officer's opening as an access to the
// dossier's personal data. Anything else is "not found", so file numbers reveal nothing.
func (s *Server) fileDownload(w http.ResponseWriter, r *http.Request) {
	r, u, ok := s.withUser(r)
	if !ok {
		http.Redirect(w, r, "/dang-nhap?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, http.StatusNotFound, "citizen.file.notfound")
		return
	}
	f, data, dossierCode, err := s.store.FileContent(r.Context(), u, id)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "citizen.file.notfound")
		return
	}
	if err != nil {
		s.log.Error("file", "id", id, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	if dossierCode != "" && f.OwnerID != u.ID {
		if d, err := s.store.Dossier(r.Context(), u, dossierCode); err != nil || d.OwnerID != u.ID {
			if err := s.store.LogAccess(r.Context(), u, dossierCode, ScreenFile); err != nil {
				s.log.Error("log access", "err", err)
				s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
				return
			}
		}
	}
	// The type was sniffed at upload and is one of three; with nosniff (securityHeaders) the
	// browser shows the file as that type and never as a page of this site.
	writeInline(w, f.ContentType, f.Name, data)
}

// writeInline sends stored or generated bytes to be shown in the browser, never cached: they
// carry personal data.
func writeInline(w http.ResponseWriter, contentType, name string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Disposition", "inline; filename*=UTF-8''"+url.PathEscape(name))
	_, _ = w.Write(data)
}

func init() {
	addMessages(map[string][2]string{
		"citizen.err.file.size":    {"Tệp “%s” lớn hơn %d MB.", "The file “%s” is larger than %d MB."},
		"citizen.err.file.type":    {"Tệp “%s” không phải PDF, JPG hoặc PNG.", "The file “%s” is not a PDF, JPG or PNG."},
		"citizen.err.file.empty":   {"Tệp “%s” không có nội dung.", "The file “%s” is empty."},
		"citizen.err.file.read":    {"Không đọc được tệp “%s”. Hãy chọn lại.", "The file “%s” could not be read. Select it again."},
		"citizen.err.file.total":   {"Tổng dung lượng các tệp vượt quá %d MB (đã tải lên %s). Hãy giảm dung lượng hoặc bớt tệp.", "The files add up to more than %d MB (already uploaded: %s). Make them smaller or send fewer."},
		"citizen.err.file.toomany": {"Mỗi hồ sơ có tối đa %d tệp.", "A dossier has at most %d files."},
		"citizen.err.file.dossier": {"Các tệp của hồ sơ đã gần chạm giới hạn %d MB: không thêm được các tệp này. Hãy giảm dung lượng tệp.", "The dossier's files are close to the %d MB limit: these files do not fit. Make them smaller."},
		"citizen.err.file.none":    {"Chọn ít nhất một tệp để tải lên", "Select at least one file to upload"},
		"citizen.err.toolarge":     {"Các tệp gửi cùng lúc vượt quá %d MB. Hãy tải lên ít tệp hơn mỗi lần.", "The files sent at once are larger than %d MB. Upload fewer files at a time."},
		"citizen.err.doc.missing":  {"Tải lên ít nhất một tệp cho “%s”", "Upload at least one file for “%s”"},
		"citizen.file.notfound":    {"Không tìm thấy tệp này", "This file was not found"},
	})
}
