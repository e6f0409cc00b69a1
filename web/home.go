package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/org"
)

// portalPageSize is how many procedures one page of results shows.
const portalPageSize = 20

// home is the portal's front page: the procedure search with its filters, and the way to
// tracking. It is a GET form, so a search is a link that can be shared and works without
// JavaScript. The whole current catalog is ranked in memory (catalog.Search): a province has a
// few thousand procedures at most, and their bodies are cached by version in the store.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	in := r.URL.Query()
	ps, err := s.store.CurrentProcedures(r.Context())
	if err != nil {
		s.log.Error("search: procedures", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.log.Error("search: units", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	d := portalHomeData{Query: portalClip(strings.TrimSpace(in.Get("q")), 200), Level: in.Get("level")}
	q := catalog.Query{Text: d.Query}

	// Filters: a value the form could not have offered is ignored rather than refused.
	if l, err := strconv.Atoi(d.Level); err == nil && portalLevelKey(l) != "" {
		q.Level = &l
	} else {
		d.Level = ""
	}
	for _, l := range []int{0, 1, 2, 3} {
		d.Levels = append(d.Levels, portalOption{Value: strconv.Itoa(l), Label: text(lang, portalLevelKey(l)), Selected: d.Level == strconv.Itoa(l)})
	}
	d.Fields = catalog.Fields(ps)
	for _, f := range d.Fields {
		if f.Code == in.Get("field") {
			q.Field = f.Code
		}
	}
	d.Field = q.Field
	d.UnitGroups, q.Unit = portalUnitOptions(lang, units, ps, in.Get("unit"), s.store.Now())
	for _, o := range portalOnlineLevels {
		sel := string(o) == in.Get("online")
		if sel {
			q.Online = o
		}
		d.Online = append(d.Online, portalOption{Value: string(o), Label: text(lang, portalOnlineKey(o)), Selected: sel})
	}
	d.Filtered = q.Level != nil || q.Field != "" || q.Unit != "" || q.Online != ""
	d.Searched = d.Query != "" || d.Filtered

	if d.Searched {
		found := catalog.NewIndex(ps).Search(q)
		d.Total = len(found)
		d.Pages = max(1, (d.Total+portalPageSize-1)/portalPageSize)
		d.Page, _ = strconv.Atoi(in.Get("page"))
		d.Page = min(max(d.Page, 1), d.Pages)
		for _, p := range found[min((d.Page-1)*portalPageSize, d.Total):min(d.Page*portalPageSize, d.Total)] {
			d.Results = append(d.Results, portalResult{Code: p.Code, Name: p.Name, Field: p.FieldName,
				Levels: portalLevelNames(lang, p.Levels), Online: text(lang, portalOnlineKey(p.OnlineLevel)), OnlineTag: portalOnlineTag(p.OnlineLevel)})
		}
		link := func(page int) string {
			v := url.Values{}
			for _, k := range []string{"q", "level", "field", "unit", "online"} {
				if x := in.Get(k); x != "" {
					v.Set(k, x)
				}
			}
			if page > 1 {
				v.Set("page", strconv.Itoa(page))
			}
			return "/?" + v.Encode()
		}
		if d.Page > 1 {
			d.Prev = link(d.Page - 1)
		}
		if d.Page < d.Pages {
			d.Next = link(d.Page + 1)
		}
		if d.Query != "" {
			d.ClearFilters = "/?" + url.Values{"q": {d.Query}}.Encode()
		} else {
			d.ClearFilters = "/"
		}
	}
	s.render(w, r, http.StatusOK, "home", "home.title", nil, d)
}

type portalHomeData struct {
	Query        string
	Level        string
	Field        string
	Levels       []portalOption
	Fields       []catalog.FieldOption
	UnitGroups   []portalOptionGroup
	Online       []portalOption
	Filtered     bool
	Searched     bool
	Total        int
	Page, Pages  int
	Prev, Next   string
	ClearFilters string
	Results      []portalResult
}

type portalResult struct {
	Code, Name, Field, Levels, Online, OnlineTag string
}

type portalOption struct {
	Value, Label string
	Selected     bool
}

type portalOptionGroup struct {
	Label   string
	Options []portalOption
}

// portalUnitOptions lists the units that implement at least one procedure and are in service (or
// chosen), grouped by level and sorted by name; it returns the chosen unit if it is one of them.
func portalUnitOptions(lang Lang, units []org.Unit, ps []*catalog.Procedure, chosen string, now time.Time) ([]portalOptionGroup, string) {
	implements := map[string]bool{}
	for _, p := range ps {
		for _, c := range p.UnitCodes {
			implements[c] = true
		}
	}
	var list []org.Unit
	for _, u := range units {
		if implements[u.Code] && (u.ActiveAt(now) || u.Code == chosen) {
			list = append(list, u)
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Level != list[j].Level {
			return list[i].Level < list[j].Level
		}
		return catalog.Fold(list[i].Name) < catalog.Fold(list[j].Name)
	})
	var groups []portalOptionGroup
	found := ""
	for _, u := range list {
		key := "portal.unitgroup." + strconv.Itoa(u.Level)
		if u.Level < 1 || u.Level > 3 {
			key = "portal.unitgroup.other"
		}
		label := text(lang, key)
		if len(groups) == 0 || groups[len(groups)-1].Label != label {
			groups = append(groups, portalOptionGroup{Label: label})
		}
		g := &groups[len(groups)-1]
		g.Options = append(g.Options, portalOption{Value: u.Code, Label: u.Name, Selected: u.Code == chosen})
		if u.Code == chosen {
			found = chosen
		}
	}
	return groups, found
}

// clip cuts s to at most n bytes without splitting a character.
func portalClip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
