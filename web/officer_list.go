package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/stats"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// The officer's dossier listing at /can-bo/ho-so: the dossiers they may see (store.ListDossiers),
// by unit, receipt dates and status — or, from the statistics dashboard, the dossiers behind one
// of its figures (figure=new, late, pending_overdue … with the dashboard's unit and period, and
// a procedure, field or channel), chosen by stats.Of, the definition the figures are counted by.

const (
	listShown   = 500   // rows on the page
	listScanned = 20000 // dossiers a figure's listing reads at most
)

type listRow struct {
	D          dossier.Dossier
	StatusName string
}

type listData struct {
	P                         statsPeriod
	Dated                     bool // a period is set
	Figure, FigureLabel       string
	Procedure, Field, Channel string
	GroupLabel, GroupName     string
	UnitName                  string
	Status                    int
	Statuses                  []option
	Rows                      []listRow
	Count                     int  // dossiers that match
	Partial                   bool // more than listScanned read: the count may be short
	More                      bool // more match than the page shows
	BackURL                   string
	FormUnit, FormChildren    string
}

func (s *Server) dossierList(w http.ResponseWriter, r *http.Request, u user.User) {
	ctx := r.Context()
	lang := langOf(r)
	now := s.store.Now()
	q := r.URL.Query()
	data := listData{Figure: q.Get("figure"), Procedure: q.Get("procedure"), Field: q.Get("field"), Channel: q.Get("channel")}
	if data.Figure != "" {
		if _, ok := (stats.Counts{}).Get(data.Figure); !ok {
			s.errorPage(w, r, http.StatusNotFound, "error.notfound")
			return
		}
		data.FigureLabel = text(lang, "officer.stats.col."+data.Figure)
		switch data.Figure {
		case "early", "on_time", "late": // not to be taken for the overdue among the pending
			data.FigureLabel = text(lang, "officer.stats.solved") + ", " + strings.ToLower(data.FigureLabel)
		}
	}
	var errs FieldErrors
	var p statsPeriod
	if data.Figure != "" || q.Get("from") != "" || q.Get("to") != "" {
		p, errs = parsePeriod(q, lang, calendar.DateOf(now))
		data.Dated = len(errs) == 0
	} else {
		p = statsPeriod{Unit: q.Get("unit"), Children: q.Get("include_children") == "1" || q.Get("include_children") == "true"}
	}
	data.P = p
	if v := q.Get("status"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !workflow.Status(n).Valid() {
			errs = append(errs, FieldError{"status", text(lang, "officer.list.error.status")})
		} else {
			data.Status = n
		}
	}
	for n := 1; workflow.Status(n).Valid(); n++ {
		name := workflow.Status(n).Name()
		if lang == English {
			name = workflow.Status(n).NameEN()
		}
		data.Statuses = append(data.Statuses, option{strconv.Itoa(n), name})
	}
	ui, err := s.unitInfo(ctx)
	if err != nil {
		s.log.Error("list units", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	if p.Unit != "" {
		data.UnitName = ui.name(p.Unit)
	}
	if data.Figure != "" && len(errs) == 0 {
		// Back to the unit's dashboard: field or procedure here is the row of a table clicked.
		back := p
		back.Field, back.Procedure = "", ""
		data.BackURL = "/can-bo/thong-ke?" + back.query().Encode()
	}
	switch {
	case data.Procedure != "":
		data.GroupLabel, data.GroupName = text(lang, "officer.stats.procedure"), data.Procedure
		if pr, err := s.store.Procedure(ctx, data.Procedure); err == nil {
			data.GroupName = pr.Name
		}
	case data.Field != "":
		data.GroupLabel, data.GroupName = text(lang, "officer.stats.field"), data.Field
	case data.Channel != "":
		data.GroupLabel, data.GroupName = text(lang, "officer.stats.channel"), text(lang, portalChannelKey(catalog.Channel(data.Channel)))
	}
	if len(errs) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "officer_list", "officer.list.title", errs, data)
		return
	}

	f := store.ListFilter{Status: workflow.Status(data.Status), Unit: p.Unit, IncludeChildren: p.Children, Limit: store.MaxLimit}
	if data.Dated {
		f.TreeAt = p.treeAt()
	}
	start, end := p.start(), p.end()
	switch {
	case !data.Dated:
	case data.Figure == "" || data.Figure == "new":
		f.From, f.To = &start, &end
	case data.Figure == "carried":
		f.To = &start
	default:
		f.To = &end // everything a figure of the period counts was received before its end
	}
	fields := map[string]string{} // procedure → field
	match := func(d *dossier.Dossier) bool {
		if (data.Procedure != "" && d.ProcedureCode != data.Procedure) || (data.Channel != "" && string(d.Channel) != data.Channel) {
			return false
		}
		if data.Field != "" {
			fc, ok := fields[d.ProcedureCode]
			if !ok {
				if pr, err := s.store.Procedure(ctx, d.ProcedureCode); err == nil {
					fc = pr.FieldCode
					if fc == data.Field {
						data.GroupName = pr.FieldName
					}
				}
				fields[d.ProcedureCode] = fc
			}
			if fc != data.Field {
				return false
			}
		}
		if data.Figure != "" {
			n, _ := stats.Of(d, start, end, now).Get(data.Figure)
			return n == 1
		}
		return true
	}
	filtered := data.Figure != "" || data.Procedure != "" || data.Field != "" || data.Channel != ""
	scanned := 0
	for {
		page, err := s.store.ListDossiers(ctx, u, f)
		if err != nil {
			s.log.Error("dossier list", "user", u.ID, "err", err)
			s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
			return
		}
		if !filtered {
			data.Count = page.Total
		}
		for i := range page.Items {
			d := &page.Items[i]
			scanned++
			if !match(d) {
				continue
			}
			if filtered {
				data.Count++
			}
			if len(data.Rows) < listShown {
				name := d.Status.Name()
				if lang == English {
					name = d.Status.NameEN()
				}
				data.Rows = append(data.Rows, listRow{D: *d, StatusName: name})
			}
		}
		if page.NextCursor == 0 || !filtered {
			break
		}
		if scanned >= listScanned {
			data.Partial = true
			break
		}
		f.Cursor = page.NextCursor
	}
	data.More = data.Count > len(data.Rows)
	s.render(w, r, http.StatusOK, "officer_list", "officer.list.title", nil, data)
}

func init() {
	addMessages(map[string][2]string{
		"officer.list.title":          {"Danh sách hồ sơ", "Dossiers"},
		"officer.list.lead":           {"Hồ sơ thuộc các đơn vị bạn làm việc, mới nhất ở trên cùng.", "Dossiers of the units you work at, newest first."},
		"officer.list.figure":         {"Số liệu", "Figure"},
		"officer.list.unit":           {"Đơn vị", "Unit"},
		"officer.list.period":         {"Kỳ", "Period"},
		"officer.list.period.value":   {"từ %s đến %s", "%s to %s"},
		"officer.list.received":       {"Tiếp nhận trong kỳ: từ %s đến %s", "Received %s to %s"},
		"officer.list.count":          {"%d hồ sơ.", "%d dossiers."},
		"officer.list.more":           {"Trang này hiện %d hồ sơ đầu tiên.", "This page shows the first %d."},
		"officer.list.partial":        {"Chỉ xét %d hồ sơ tiếp nhận gần nhất; số hồ sơ có thể nhiều hơn.", "Only the %d most recently received dossiers were read; there may be more."},
		"officer.list.empty":          {"Không có hồ sơ nào.", "No dossiers."},
		"officer.list.back":           {"Về trang thống kê", "Back to the statistics"},
		"officer.list.filters":        {"Lọc danh sách", "Filter the list"},
		"officer.list.filter":         {"Lọc", "Apply"},
		"officer.list.status":         {"Trạng thái", "Status"},
		"officer.list.any":            {"Tất cả", "Any"},
		"officer.list.code":           {"Mã hồ sơ", "Dossier"},
		"officer.list.applicant":      {"Người nộp", "Applicant"},
		"officer.list.dates":          {"Tiếp nhận, hẹn trả, có kết quả", "Received, due, finished"},
		"officer.list.error.status":   {"Chọn một trạng thái trong danh sách.", "Choose a status from the list."},
		"officer.list.children":       {"kèm đơn vị trực thuộc", "with the units under it"},
		"officer.list.date.received":  {"Tiếp nhận", "Received"},
		"officer.list.date.due":       {"Hẹn trả", "Due"},
		"officer.list.date.finished":  {"Có kết quả", "Finished"},
		"officer.list.figure.caption": {"Hồ sơ được tính vào số liệu này, theo cùng cách tính với trang thống kê.", "The dossiers this figure counts, by the same rules as the statistics page."},
	})
}
