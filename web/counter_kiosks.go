package web

import (
	"net/http"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// The kiosk keys page (/can-bo/quay): an administrator, or a centre manager for their units,
// sees each counter — who sits there, whether its tablet has a key — and makes a new key, shown
// once with the address the tablet opens (docs/kiosk.md), or revokes it.

type kioskCounterRow struct {
	Counter string
	Officer string
	HasKey  bool
	KeyAt   string
	KeyBy   string
	Path    string
}

type kioskUnitRow struct {
	Code, Name string
	Counters   []kioskCounterRow
}

type kioskKeysData struct {
	Units      []kioskUnitRow
	NewKey     string
	NewURL     string
	NewCounter string
	Notice     string
}

// kioskManaged is the units whose kiosks u manages: every unit with counters for an
// administrator, the units they manage for a centre manager.
func kioskManaged(u user.User) (all bool, units map[string]bool) {
	units = map[string]bool{}
	for _, r := range u.Roles {
		if r.Role == workflow.CentreManager && r.Unit != "" {
			units[r.Unit] = true
		}
	}
	return u.Has(workflow.Administrator), units
}

func (s *Server) kioskKeysPage(w http.ResponseWriter, r *http.Request, u user.User) {
	data := kioskKeysData{}
	if r.URL.Query().Get("kq") == "thu-hoi" {
		data.Notice = text(langOf(r), "counter.kiosks.revoked")
	}
	s.kioskKeysRender(w, r, u, http.StatusOK, data)
}

func (s *Server) kioskKeysRender(w http.ResponseWriter, r *http.Request, u user.User, status int, data kioskKeysData) {
	all, managed := kioskManaged(u)
	if !all && len(managed) == 0 {
		s.errorPage(w, r, http.StatusForbidden, "error.forbidden")
		return
	}
	ctx := r.Context()
	units, err := s.store.Units(ctx)
	if err != nil {
		s.counterInternal(w, r, "kiosk units", err)
		return
	}
	desks, err := s.store.Desks(ctx, u)
	if err != nil {
		s.counterInternal(w, r, "kiosk desks", err)
		return
	}
	keys, err := s.store.KioskKeys(ctx, u)
	if err != nil {
		s.counterInternal(w, r, "kiosk keys", err)
		return
	}
	for _, un := range units {
		if len(un.Counters) == 0 || !(all || managed[un.Code]) {
			continue
		}
		row := kioskUnitRow{Code: un.Code, Name: un.Name}
		for _, c := range un.Counters {
			cr := kioskCounterRow{Counter: c, Path: counterPath(un.Code, c)}
			for _, d := range desks {
				if d.UnitCode == un.Code && d.Counter == c {
					cr.Officer = d.Officer()
				}
			}
			for _, k := range keys {
				if k.UnitCode == un.Code && k.Counter == c {
					cr.HasKey, cr.KeyAt, cr.KeyBy = true, k.CreatedAt.Format("15:04 02/01/2006"), k.CreatedBy
				}
			}
			row.Counters = append(row.Counters, cr)
		}
		data.Units = append(data.Units, row)
	}
	s.render(w, r, status, "counter_kiosks", "counter.kiosks.title", nil, data)
}

func (s *Server) kioskKeySubmit(w http.ResponseWriter, r *http.Request, u user.User) {
	unit, counter := r.PostFormValue("unit"), r.PostFormValue("counter")
	if r.PostFormValue("do") == "revoke" {
		err := s.store.RevokeKioskKey(r.Context(), u, unit, counter)
		if !s.kioskKeyErr(w, r, err) {
			return
		}
		http.Redirect(w, r, "/can-bo/quay?kq=thu-hoi", http.StatusSeeOther)
		return
	}
	key, err := s.store.NewKioskKey(r.Context(), u, unit, counter)
	if !s.kioskKeyErr(w, r, err) {
		return
	}
	// The key is shown on this response only; it never goes into a URL the server redirects to.
	data := kioskKeysData{NewKey: key, NewCounter: counter, NewURL: siteURL(r) + counterPath(unit, counter) + "?key=" + key}
	s.kioskKeysRender(w, r, u, http.StatusOK, data)
}

func (s *Server) kioskKeyErr(w http.ResponseWriter, r *http.Request, err error) bool {
	if err == nil {
		return true
	}
	switch motcua.ErrorCode(err) {
	case motcua.EFORBIDDEN:
		s.errorPage(w, r, http.StatusForbidden, "error.forbidden")
	case motcua.EINVALID, motcua.ENOTFOUND:
		s.errorPage(w, r, http.StatusBadRequest, "counter.err.unknown_counter")
	default:
		s.counterInternal(w, r, "kiosk key", err)
	}
	return false
}

func init() {
	addMessages(map[string][2]string{
		"counter.kiosks.title":   {"Máy đánh giá tại quầy", "Counter rating tablets"},
		"counter.kiosks.lead":    {"Mỗi quầy có một máy tính bảng để người dân đánh giá. Tạo khóa cho máy rồi mở địa chỉ có khóa trên máy một lần; xem hướng dẫn cài đặt chế độ kiosk trong tài liệu docs/kiosk.md.", "Each counter has a tablet where citizens rate the service. Make a key for the tablet, then open the address with the key on the tablet once; docs/kiosk.md explains kiosk mode."},
		"counter.kiosks.none":    {"Chưa có đơn vị nào khai báo quầy.", "No unit has counters yet."},
		"counter.kiosks.counter": {"Quầy", "Counter"},
		"counter.kiosks.officer": {"Cán bộ đang ngồi", "Officer now"},
		"counter.kiosks.nobody":  {"Chưa có", "Nobody"},
		"counter.kiosks.key":     {"Khóa thiết bị", "Device key"},
		"counter.kiosks.haskey":  {"Đã cấp lúc %s (%s)", "Issued %s (%s)"},
		"counter.kiosks.nokey":   {"Chưa cấp", "None"},
		"counter.kiosks.new":     {"Tạo khóa mới", "Make a new key"},
		"counter.kiosks.revoke":  {"Thu hồi", "Revoke"},
		"counter.kiosks.revoked": {"Đã thu hồi khóa: máy tính bảng của quầy đó không dùng được nữa.", "Key revoked: that counter's tablet no longer works."},
		"counter.kiosks.made":    {"Khóa mới cho %s. Mở địa chỉ dưới đây trên máy tính bảng của quầy (một lần); khóa chỉ hiện lần này. Khóa cũ, nếu có, hết hiệu lực.", "New key for %s. Open the address below on the counter's tablet (once); the key is shown only now. Any older key stops working."},
		"counter.kiosks.url":     {"Địa chỉ cài đặt", "Set-up address"},
	})
}
