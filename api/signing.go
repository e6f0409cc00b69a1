package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

// Digital signatures: anyone verifies a signed PDF; officers add a dossier's result document,
// which the step that signs (the stamp step) signs when it is completed.
func (s *Server) routesSigning() {
	s.mux.HandleFunc("POST /api/v1/verify", s.verify)
	s.mux.HandleFunc("GET /api/v1/verify/{code}", s.verifyCode)
	s.mux.HandleFunc("POST /api/v1/dossiers/{code}/result", s.auth(s.addResult))
	s.mux.HandleFunc("GET /api/v1/dossiers/{code}/result.pdf", s.auth(s.getResult))
}

// readPDF reads a PDF sent as the raw body (application/pdf) or as the field "file" of a
// multipart form, at most limit bytes.
func readPDF(w http.ResponseWriter, r *http.Request, limit int64) (name string, data []byte, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, limit+64<<10)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var src io.Reader = r.Body
	name = r.URL.Query().Get("name")
	if mt == "multipart/form-data" {
		f, h, ferr := r.FormFile("file")
		if ferr != nil {
			var tooBig *http.MaxBytesError
			if errors.As(ferr, &tooBig) {
				return "", nil, motcua.Errorf(motcua.ETOOLARGE, "body_too_large", "the file is larger than %d bytes", limit)
			}
			return "", nil, motcua.FieldError("file", "required", "a PDF file is required in the field file")
		}
		defer f.Close()
		src, name = f, h.Filename
	}
	data, err = io.ReadAll(io.LimitReader(src, limit+1))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) || int64(len(data)) > limit {
		return "", nil, motcua.Errorf(motcua.ETOOLARGE, "body_too_large", "the file is larger than %d bytes", limit)
	}
	if err != nil {
		return "", nil, motcua.Errorf(motcua.EBADREQUEST, "bad_body", "the file could not be read: %v", err)
	}
	if len(data) == 0 {
		return "", nil, motcua.FieldError("file", "required", "a PDF file is required")
	}
	if !strings.HasPrefix(string(data[:min(len(data), 5)]), "%PDF-") {
		return "", nil, motcua.FieldError("file", "not_pdf", "the file is not a PDF")
	}
	if name == "" {
		name = "ket-qua.pdf"
	}
	return name, data, nil
}

type verifiedSignatureJSON struct {
	Status       string     `json:"status"`
	Problem      string     `json:"problem,omitempty"`
	Signer       string     `json:"signer"`
	Kind         string     `json:"kind,omitempty"`
	UnitCode     string     `json:"unit_code,omitempty"`
	UnitName     string     `json:"unit_name,omitempty"`
	Serial       string     `json:"serial,omitempty"`
	SignedAt     *time.Time `json:"signed_at"`
	TimeRecorded bool       `json:"time_recorded"`
	Reason       string     `json:"reason,omitempty"`
	RevokedAt    *time.Time `json:"revoked_at"`
}

type verificationJSON struct {
	Status      string                  `json:"status"`
	Problem     string                  `json:"problem,omitempty"`
	Message     string                  `json:"message"`
	Unmodified  bool                    `json:"unmodified"`
	DossierCode string                  `json:"dossier_code,omitempty"`
	SHA256      string                  `json:"sha256"`
	Signatures  []verifiedSignatureJSON `json:"signatures"`
}

// verify is public verification: the answer says valid, invalid or revoked and why.
func (s *Server) verify(w http.ResponseWriter, r *http.Request) {
	_, data, err := readPDF(w, r, signing.MaxPDF)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.store.VerifyDocument(r.Context(), data)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toVerificationJSON(r, v))
}

// verifyCode verifies the signed document whose stamp carries code (its QR code).
func (s *Server) verifyCode(w http.ResponseWriter, r *http.Request) {
	v, err := s.store.VerifyByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toVerificationJSON(r, v))
}

func toVerificationJSON(r *http.Request, v store.Verification) verificationJSON {
	key := "verify_" + v.Status
	if v.Problem != "" && v.Status == store.VerifyInvalid {
		key = "verify_" + v.Problem
	}
	out := verificationJSON{Status: v.Status, Problem: v.Problem, Message: message(r, key), Unmodified: v.Unmodified,
		DossierCode: v.DossierCode, SHA256: v.SHA256, Signatures: []verifiedSignatureJSON{}}
	for _, sg := range v.Signatures {
		out.Signatures = append(out.Signatures, verifiedSignatureJSON{Status: sg.Status, Problem: sg.Problem, Signer: sg.Signer,
			Kind: string(sg.Kind), UnitCode: sg.UnitCode, UnitName: sg.UnitName, Serial: sg.Serial, SignedAt: vnTime(sg.SignedAt),
			TimeRecorded: sg.Recorded, Reason: sg.Reason, RevokedAt: vnTime(sg.RevokedAt)})
	}
	return out
}

func vnTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := t.In(time.FixedZone("ICT", 7*3600))
	return &v
}

type fileJSON struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	Size       int64     `json:"size"`
	SHA256     string    `json:"sha256"`
	Purpose    string    `json:"purpose"`
	UploadedAt time.Time `json:"uploaded_at"`
}

// addResult stores the result document of a dossier being processed.
func (s *Server) addResult(w http.ResponseWriter, r *http.Request, u user.User) {
	name, data, err := readPDF(w, r, store.MaxFileSize)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f, err := s.store.AddResult(r.Context(), u, r.PathValue("code"), store.NewFile{Name: name, Data: data})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, fileJSON{f.ID, f.Name, f.Size, f.SHA256, f.Purpose, f.UploadedAt.In(time.FixedZone("ICT", 7*3600))})
}

// getResult sends the dossier's result as it stands (signed once the stamp step is done) to
// whoever may see the dossier.
func (s *Server) getResult(w http.ResponseWriter, r *http.Request, u user.User) {
	f, data, err := s.store.Result(r.Context(), u, r.PathValue("code"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	w.Header().Set("X-Content-SHA256", f.SHA256)
	_, _ = w.Write(data)
}
