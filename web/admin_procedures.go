package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/store"
)

// channelOrder is how the form lists the channels.
var channelOrder = []catalog.Channel{catalog.InPerson, catalog.Online, catalog.Post}

type chanForm struct {
	Channel         string
	On              bool
	Time, Unit, Fee string
}

// procForm is the procedure form as typed, kept on error. Cases and documents are only typed
// when a procedure is created; later they change through a catalog file import.
type procForm struct {
	Code, Name, FieldCode, FieldName string
	Levels                           [4]bool
	OnlineLevel                      string
	Channels                         []chanForm
	Applicants, Conditions, Steps    string
	Results, LegalBasis, UnitCodes   string
	Documents                        string
	Base                             int
}

func procFormOf(p catalog.Procedure) procForm {
	f := procForm{Code: p.Code, Name: p.Name, FieldCode: p.FieldCode, FieldName: p.FieldName,
		OnlineLevel: string(p.OnlineLevel), Applicants: p.Applicants, Conditions: p.Conditions, Steps: p.Steps,
		Results: strings.Join(p.Results, "\n"), LegalBasis: strings.Join(p.LegalBasis, "\n"),
		UnitCodes: strings.Join(p.UnitCodes, "\n"), Base: p.Version}
	for _, l := range p.Levels {
		if l >= 0 && l < 4 {
			f.Levels[l] = true
		}
	}
	for _, ch := range channelOrder {
		c := chanForm{Channel: string(ch), Unit: string(calendar.WorkingDay)}
		for _, r := range p.Channels {
			if r.Channel == ch {
				c.On, c.Time, c.Unit = true, strconv.FormatFloat(r.Time.Value, 'f', -1, 64), string(r.Time.Unit)
				if len(r.Fees) > 0 {
					c.Fee = strconv.FormatInt(r.Fees[0].Amount, 10)
				}
			}
		}
		f.Channels = append(f.Channels, c)
	}
	return f
}

func readProcForm(r *http.Request) procForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := procForm{Code: v("code"), Name: v("name"), FieldCode: v("field_code"), FieldName: v("field_name"),
		OnlineLevel: v("online_level"), Applicants: v("applicants"), Conditions: v("conditions"), Steps: v("steps_text"),
		Results: r.PostFormValue("results"), LegalBasis: r.PostFormValue("legal_basis"),
		UnitCodes: r.PostFormValue("unit_codes"), Documents: r.PostFormValue("documents")}
	f.Base, _ = strconv.Atoi(v("base"))
	for _, l := range r.PostForm["levels"] {
		if n, err := strconv.Atoi(l); err == nil && n >= 0 && n < 4 {
			f.Levels[n] = true
		}
	}
	for _, ch := range channelOrder {
		c := string(ch)
		f.Channels = append(f.Channels, chanForm{Channel: c, On: r.PostFormValue("ch-"+c) != "",
			Time: v("time-" + c), Unit: v("tunit-" + c), Fee: v("fee-" + c)})
	}
	return f
}

// procedureOf applies the form to base (the current version, or an empty procedure) with
// messages in the user's language next to each field.
func (a *adminReq) procedureOf(f procForm, base catalog.Procedure, isNew bool, known map[string]bool) (catalog.Procedure, FieldErrors) {
	var errs FieldErrors
	add := func(field, key string, args ...any) {
		errs = append(errs, FieldError{Field: field, Message: a.t(key, args...)})
	}
	p := base
	if isNew {
		p.Code = f.Code
		if err := catalog.ValidateCode(f.Code); err != nil {
			add("code", "admin.proc.err.code")
		}
		var docs []catalog.Document
		for _, d := range lines(f.Documents) {
			docs = append(docs, catalog.Document{Name: d, Originals: 1, Required: true})
		}
		p.Cases = []catalog.Case{{Documents: docs}}
	}
	p.Name, p.FieldCode, p.FieldName = f.Name, f.FieldCode, f.FieldName
	p.Applicants, p.Conditions, p.Steps = f.Applicants, f.Conditions, f.Steps
	p.Results, p.LegalBasis, p.UnitCodes = lines(f.Results), lines(f.LegalBasis), lines(f.UnitCodes)
	if p.Name == "" {
		add("name", "admin.err.required")
	}
	p.Levels = nil
	for l, on := range f.Levels {
		if on {
			p.Levels = append(p.Levels, l)
		}
	}
	if len(p.Levels) == 0 {
		add("levels", "admin.proc.err.levels")
	}
	p.OnlineLevel = catalog.OnlineLevel(f.OnlineLevel)
	if !p.OnlineLevel.Valid() {
		add("online_level", "admin.proc.err.online")
	}
	var rules []catalog.ChannelRule
	online := false
	for _, c := range f.Channels {
		if !c.On {
			continue
		}
		ch := catalog.Channel(c.Channel)
		rule := catalog.ChannelRule{Channel: ch}
		for _, old := range base.Channels {
			if old.Channel == ch {
				rule = old
			}
		}
		v, ok := number(c.Time)
		if !ok || v <= 0 {
			add("time-"+c.Channel, "admin.proc.err.time")
		}
		unit := calendar.Unit(c.Unit)
		if unit != calendar.WorkingDay && unit != calendar.WorkingHour && unit != calendar.CalendarDay {
			unit = calendar.WorkingDay
		}
		rule.Time = calendar.Duration{Value: v, Unit: unit}
		fee := strings.NewReplacer(".", "", ",", "", " ", "", "đ", "").Replace(c.Fee)
		switch amount, err := strconv.ParseInt(fee, 10, 64); {
		case fee == "":
			if len(rule.Fees) > 0 {
				rule.Fees = rule.Fees[1:]
			}
		case err != nil || amount < 0:
			add("fee-"+c.Channel, "admin.proc.err.fee")
		case len(rule.Fees) > 0:
			rule.Fees = append([]catalog.Fee{{Amount: amount, Description: rule.Fees[0].Description}}, rule.Fees[1:]...)
		default:
			rule.Fees = []catalog.Fee{{Amount: amount, Description: "Lệ phí"}}
		}
		online = online || ch == catalog.Online
		rules = append(rules, rule)
	}
	p.Channels = rules
	switch {
	case len(rules) == 0:
		add("ch-counter", "admin.proc.err.channels")
	case p.OnlineLevel == catalog.InPersonOnly && online:
		add("online_level", "admin.proc.err.notonline")
	case p.OnlineLevel.Valid() && p.OnlineLevel != catalog.InPersonOnly && !online:
		add("online_level", "admin.proc.err.needonline")
	}
	if len(p.UnitCodes) == 0 {
		add("unit_codes", "admin.proc.err.units")
	}
	for _, u := range p.UnitCodes {
		if !known[u] {
			add("unit_codes", "admin.proc.err.unit", u)
			break
		}
	}
	return p, errs
}

// procField maps a catalog field path ("channels[1].time.value") to the form's input.
func procField(path string, p catalog.Procedure) string {
	switch {
	case strings.HasPrefix(path, "channels["):
		var i int
		if _, err := fmt.Sscanf(path, "channels[%d]", &i); err == nil && i < len(p.Channels) {
			return "time-" + string(p.Channels[i].Channel)
		}
		return "ch-counter"
	case strings.HasPrefix(path, "levels"):
		return "levels"
	case strings.HasPrefix(path, "unit_codes"):
		return "unit_codes"
	case strings.HasPrefix(path, "cases"):
		return "documents"
	case path == "code", path == "name", path == "online_level":
		return path
	}
	return "name"
}

type proceduresData struct {
	adminPage
	Query string
	List  []catalog.Procedure
}

func (s *Server) adminProcedures(w http.ResponseWriter, r *http.Request, a *adminReq) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 200 {
		q = q[:200]
	}
	list, err := s.store.SearchProcedures(r.Context(), q, "", 300)
	if err != nil {
		s.fail(w, r, "procedures", err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_procedures", "admin.procedures", nil, proceduresData{a.page("procedures", r), q, list})
}

type procedureData struct {
	adminPage
	New       bool
	Procedure catalog.Procedure
	Versions  []store.VersionInfo
	Form      procForm
	Units     []unitOption
}

func (s *Server) procedurePage(w http.ResponseWriter, r *http.Request, a *adminReq, status int, d *procedureData, errs FieldErrors) {
	if !d.New {
		var err error
		if d.Versions, err = s.store.ProcedureVersions(r.Context(), d.Procedure.Code); err != nil {
			s.fail(w, r, "versions", err)
			return
		}
	}
	title := "admin.proc.new"
	if !d.New {
		title = "admin.proc.title"
	}
	s.render(w, r, status, "admin_procedure", title, errs, d)
}

// loadProcedure reads the current version of the procedure of the path, or answers 404.
func (s *Server) loadProcedure(w http.ResponseWriter, r *http.Request) (catalog.Procedure, bool) {
	p, err := s.store.Procedure(r.Context(), r.PathValue("code"))
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "error.notfound")
		return p, false
	}
	if err != nil {
		s.fail(w, r, "procedure", err)
		return p, false
	}
	return p, true
}

func (s *Server) adminProcedure(w http.ResponseWriter, r *http.Request, a *adminReq) {
	p, ok := s.loadProcedure(w, r)
	if !ok {
		return
	}
	s.procedurePage(w, r, a, http.StatusOK, &procedureData{adminPage: a.page("procedures", r), Procedure: p, Form: procFormOf(p)}, nil)
}

func (s *Server) adminProcedureNew(w http.ResponseWriter, r *http.Request, a *adminReq) {
	f := procFormOf(catalog.Procedure{OnlineLevel: catalog.PartlyOnline})
	f.Channels[0].On, f.Channels[1].On = true, true
	s.procedurePage(w, r, a, http.StatusOK, &procedureData{adminPage: a.page("procedures", r), New: true, Form: f}, nil)
}

func (s *Server) adminProcedureCreate(w http.ResponseWriter, r *http.Request, a *adminReq) {
	s.saveProcedure(w, r, a, catalog.Procedure{}, true)
}

func (s *Server) adminProcedureUpdate(w http.ResponseWriter, r *http.Request, a *adminReq) {
	p, ok := s.loadProcedure(w, r)
	if !ok {
		return
	}
	s.saveProcedure(w, r, a, p, false)
}

func (s *Server) saveProcedure(w http.ResponseWriter, r *http.Request, a *adminReq, cur catalog.Procedure, isNew bool) {
	f := readProcForm(r)
	known, err := s.knownUnits(r)
	if err != nil {
		s.fail(w, r, "units", err)
		return
	}
	// The form edits the version it was loaded from; SaveProcedure refuses it if another has
	// been saved since.
	base := cur
	if !isNew && f.Base != cur.Version {
		if old, err := s.store.ProcedureVersion(r.Context(), cur.Code, f.Base); err == nil {
			base = old
		}
	}
	p, errs := a.procedureOf(f, base, isNew, known)
	d := &procedureData{adminPage: a.page("procedures", r), New: isNew, Procedure: cur, Form: f}
	if len(errs) == 0 {
		baseVersion := f.Base
		if isNew {
			baseVersion = 0
		}
		v, err := s.store.SaveProcedure(r.Context(), p, baseVersion)
		if err == nil {
			ok := "saved-version"
			if !isNew && v == f.Base {
				ok = "saved-unchanged"
			}
			http.Redirect(w, r, "/quan-tri/thu-tuc/"+url.PathEscape(p.Code)+"?ok="+ok, http.StatusSeeOther)
			return
		}
		if !isInvalid(err) {
			s.fail(w, r, "save procedure", err)
			return
		}
		errs = FieldErrors{{Field: procField(fieldOf(err), p), Message: a.errText(err)}}
	}
	s.procedurePage(w, r, a, http.StatusUnprocessableEntity, d, errs)
}

type versionData struct {
	adminPage
	Procedure catalog.Procedure
	Current   int
	Template  catalog.Template
	Custom    bool
}

func (s *Server) adminProcedureVersion(w http.ResponseWriter, r *http.Request, a *adminReq) {
	cur, ok := s.loadProcedure(w, r)
	if !ok {
		return
	}
	v, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || v < 1 {
		s.errorPage(w, r, http.StatusNotFound, "error.notfound")
		return
	}
	p, err := s.store.ProcedureVersion(r.Context(), cur.Code, v)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "error.notfound")
		return
	}
	if err != nil {
		s.fail(w, r, "version", err)
		return
	}
	legal, _ := p.TimeFor(catalog.InPerson)
	s.render(w, r, http.StatusOK, "admin_version", "admin.proc.version", nil, versionData{a.page("procedures", r), p, cur.Version,
		p.Process(legal, calendar.DefaultSessions.Daily()), p.Template != nil})
}

// maxCatalogUpload bounds a catalog file sent through the import form.
const maxCatalogUpload = 16 << 20

type importData struct {
	adminPage
	Result string
}

func (s *Server) adminImportForm(w http.ResponseWriter, r *http.Request, a *adminReq) {
	s.render(w, r, http.StatusOK, "admin_import", "admin.import.title", nil, importData{adminPage: a.page("procedures", r)})
}

// adminImport reads a JSON or CSV catalog file and imports it all or nothing; a refused row or
// entry is named next to the file field.
func (s *Server) adminImport(w http.ResponseWriter, r *http.Request, a *adminReq) {
	fail := func(msg string) {
		s.render(w, r, http.StatusUnprocessableEntity, "admin_import", "admin.import.title",
			FieldErrors{{Field: "file", Message: msg}}, importData{adminPage: a.page("procedures", r)})
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		fail(a.t("admin.import.err.nofile"))
		return
	}
	defer file.Close()
	var cat catalog.File
	var rows []int
	name := strings.ToLower(hdr.Filename)
	switch {
	case strings.HasSuffix(name, ".csv"):
		cat.Procedures, rows, err = catalog.ReadCSVRows(file)
	case strings.HasSuffix(name, ".json"):
		cat, err = catalog.ReadJSON(file)
	default:
		fail(a.t("admin.import.err.type"))
		return
	}
	if err != nil {
		fail(a.t("admin.import.err.read", err.Error()))
		return
	}
	n, err := s.store.ImportCatalog(r.Context(), cat)
	if err != nil {
		var ie *store.ImportError
		msg := a.errText(err)
		if errors.As(err, &ie) {
			msg = a.errText(ie.Err)
			if ie.Procedure < len(rows) {
				msg = (&catalog.RowError{Row: rows[ie.Procedure], Field: fieldOf(ie.Err), Message: msg}).Error()
			} else if ie.Procedure < len(cat.Procedures) {
				msg = fmt.Sprintf("procedures[%d] (%s): %s", ie.Procedure, cat.Procedures[ie.Procedure].Code, msg)
			}
		} else if !isInvalid(err) {
			s.fail(w, r, "import", err)
			return
		}
		fail(a.t("admin.import.err.read", msg))
		return
	}
	s.render(w, r, http.StatusOK, "admin_import", "admin.import.title", nil, importData{adminPage: a.page("procedures", r),
		Result: a.t("admin.import.done", len(cat.Units), len(cat.Procedures), n)})
}

func init() {
	addMessages(map[string][2]string{
		"admin.proc.title":             {"Thủ tục", "Procedure"},
		"admin.proc.new":               {"Thêm thủ tục", "Add a procedure"},
		"admin.proc.add":               {"Thêm thủ tục", "Add a procedure"},
		"admin.proc.import":            {"Nhập tệp danh mục", "Import a catalog file"},
		"admin.proc.search":            {"Tìm theo tên, mã, lĩnh vực", "Search by name, code, field"},
		"admin.proc.count":             {"%d thủ tục", "%d procedures"},
		"admin.proc.code":              {"Mã thủ tục", "Procedure code"},
		"admin.proc.code.hint":         {"Mã trên Cơ sở dữ liệu quốc gia, ví dụ 1.000656. Không sửa được sau khi tạo.", "The national database code, e.g. 1.000656. It cannot be changed later."},
		"admin.proc.name":              {"Tên thủ tục", "Name"},
		"admin.proc.fieldcode":         {"Mã lĩnh vực", "Field code"},
		"admin.proc.fieldname":         {"Lĩnh vực", "Field"},
		"admin.proc.levels":            {"Cấp thực hiện", "Levels"},
		"admin.proc.level.0":           {"Bộ, ngành", "Ministry"},
		"admin.proc.level.1":           {"Tỉnh", "Province"},
		"admin.proc.level.2":           {"Huyện", "District"},
		"admin.proc.level.3":           {"Xã", "Commune"},
		"admin.proc.online":            {"Mức dịch vụ công trực tuyến", "Online service level"},
		"admin.proc.online.toan_trinh": {"Toàn trình", "Fully online"},
		"admin.proc.online.mot_phan":   {"Một phần", "Partly online"},
		"admin.proc.online.truc_tiep":  {"Trực tiếp (không trực tuyến)", "In person only"},
		"admin.proc.channels":          {"Cách thức nộp, thời hạn giải quyết và lệ phí", "Channels, processing times and fees"},
		"admin.proc.channel.counter":   {"Trực tiếp", "At the counter"},
		"admin.proc.channel.online":    {"Trực tuyến", "Online"},
		"admin.proc.channel.post":      {"Bưu chính công ích", "By post"},
		"admin.proc.offered":           {"Nhận hồ sơ qua kênh này", "Accepted through this channel"},
		"admin.proc.time":              {"Thời hạn", "Time limit"},
		"admin.proc.tunit":             {"Đơn vị thời gian", "Time unit"},
		"admin.proc.unit.working_day":  {"ngày làm việc", "working days"},
		"admin.proc.unit.working_hour": {"giờ làm việc", "working hours"},
		"admin.proc.unit.calendar_day": {"ngày (kể cả ngày nghỉ)", "calendar days"},
		"admin.proc.fee":               {"Lệ phí (đồng)", "Fee (đồng)"},
		"admin.proc.applicants":        {"Đối tượng thực hiện", "Who may apply"},
		"admin.proc.conditions":        {"Yêu cầu, điều kiện", "Conditions"},
		"admin.proc.steps":             {"Trình tự thực hiện", "Steps for the applicant"},
		"admin.proc.results":           {"Kết quả thực hiện", "Results"},
		"admin.proc.legal":             {"Căn cứ pháp lý", "Legal basis"},
		"admin.proc.lines":             {"Mỗi dòng một mục.", "One item a line."},
		"admin.proc.units":             {"Cơ quan thực hiện (mã định danh)", "Implementing units (agency codes)"},
		"admin.proc.units.hint":        {"Mỗi dòng một mã đơn vị, ví dụ 000.00.01.H62.", "One agency code a line, e.g. 000.00.01.H62."},
		"admin.proc.documents":         {"Thành phần hồ sơ", "Required documents"},
		"admin.proc.documents.hint":    {"Mỗi dòng một giấy tờ (01 bản chính). Sau khi tạo, sửa thành phần hồ sơ bằng tệp danh mục.", "One document a line (one original). Later, documents change through a catalog file."},
		"admin.proc.cases":             {"Thành phần hồ sơ theo trường hợp", "Required documents by case"},
		"admin.proc.cases.hint":        {"Sửa thành phần hồ sơ bằng cách nhập tệp danh mục.", "Change documents by importing a catalog file."},
		"admin.proc.versions":          {"Các phiên bản", "Versions"},
		"admin.proc.version":           {"Phiên bản thủ tục", "Procedure version"},
		"admin.proc.version.n":         {"Phiên bản %d", "Version %d"},
		"admin.proc.current":           {"đang áp dụng", "in force"},
		"admin.proc.savedat":           {"Lưu lúc", "Saved"},
		"admin.proc.edit":              {"Sửa thủ tục", "Edit the procedure"},
		"admin.proc.edit.lead":         {"Lưu sẽ tạo phiên bản mới; hồ sơ đã nhận vẫn theo phiên bản cũ.", "Saving creates a new version; dossiers already received keep theirs."},
		"admin.proc.template":          {"Quy trình xử lý", "Process"},
		"admin.proc.template.edit":     {"Sửa quy trình xử lý", "Edit the process"},
		"admin.proc.template.default":  {"Quy trình mặc định (tiếp nhận → thẩm định → phê duyệt → đóng dấu → trả kết quả)", "The default process (receive → appraise → approve → stamp → return)"},
		"admin.proc.err.code":          {"Mã thủ tục dạng 1.000656 (có thể thêm mã đơn vị cho thủ tục riêng của địa phương).", "A procedure code looks like 1.000656 (optionally followed by an agency code)."},
		"admin.proc.err.levels":        {"Chọn ít nhất một cấp thực hiện.", "Choose at least one level."},
		"admin.proc.err.online":        {"Chọn mức dịch vụ công trực tuyến.", "Choose the online service level."},
		"admin.proc.err.time":          {"Thời hạn phải là số lớn hơn 0.", "The time limit must be a number above 0."},
		"admin.proc.err.fee":           {"Lệ phí là số đồng, không âm (để trống nếu miễn phí).", "The fee is a whole number of đồng, not negative (empty if free)."},
		"admin.proc.err.channels":      {"Chọn ít nhất một cách thức nộp.", "Choose at least one channel."},
		"admin.proc.err.notonline":     {"Thủ tục chỉ trực tiếp thì không nhận hồ sơ trực tuyến.", "An in-person-only procedure accepts no online channel."},
		"admin.proc.err.needonline":    {"Dịch vụ trực tuyến (toàn trình, một phần) phải nhận hồ sơ trực tuyến.", "A fully or partly online service must accept the online channel."},
		"admin.proc.err.units":         {"Nhập ít nhất một cơ quan thực hiện.", "Enter at least one implementing unit."},
		"admin.proc.err.unit":          {"Không có đơn vị đang hoạt động với mã %s.", "No unit in service has the code %s."},
		"admin.import.title":           {"Nhập tệp danh mục thủ tục", "Import a catalog file"},
		"admin.import.lead":            {"Tệp JSON (đơn vị và thủ tục) hoặc CSV (mỗi dòng một thủ tục). Nhập tất cả hoặc không nhập gì: nếu một dòng sai, danh mục giữ nguyên.", "A JSON file (units and procedures) or a CSV file (one procedure a row). All or nothing: if one row is wrong, the catalog stays as it was."},
		"admin.import.file":            {"Tệp danh mục (.json hoặc .csv)", "Catalog file (.json or .csv)"},
		"admin.import.csvdoc":          {"Các cột CSV: xem docs/catalog-csv.md.", "CSV columns: see docs/catalog-csv.md."},
		"admin.import.submit":          {"Nhập tệp", "Import the file"},
		"admin.import.done":            {"Đã nhập %d đơn vị và %d thủ tục (%d phiên bản mới).", "Imported %d units and %d procedures (%d new versions)."},
		"admin.import.err.nofile":      {"Chọn một tệp để nhập.", "Choose a file to import."},
		"admin.import.err.type":        {"Tệp phải có đuôi .json hoặc .csv.", "The file must end in .json or .csv."},
		"admin.import.err.read":        {"Chưa nhập gì — tệp có lỗi: %s", "Nothing imported — the file has an error: %s"},
	})
}
