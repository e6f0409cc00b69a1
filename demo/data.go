package demo

import (
	"bytes"
	"embed"
	"fmt"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/org"
)

// The demo data are catalog files (the format of catalog.ReadJSON and `motcua import`), so they
// are read and validated by the same code as an administrator's import:
//
//   - data/province.json: a province modelled on Vĩnh Phúc in 2020 — the People's Committee
//     (000.00.00.H62), the provincial public administration service centre, 20 departments
//     (000.00.01–20.H62), the 9 district-level units (000.00.21–29.H62, in the order of the
//     national list of administrative units) with 5–6 of their real communes each
//     (000.CC.NN.H62), and the land registration office under the natural resources department
//     (000.01.03.H62). The province code H62 is the likely one [verify]; the level-2 and level-3
//     numbers are invented for the demo. Huyện Tam Đảo keeps 07:00–11:30, 13:30–17:00 to show
//     per-unit office sessions.
//   - data/catalog.json: procedures with national codes (MATTHC), Vietnamese names, times, fees,
//     documents by case, forms, results and legal basis as published around 2020–2021. Codes,
//     amounts and form numbers are for demonstration and must be checked against the national
//     procedure database before any real use. Two procedures carry a custom process template: the
//     building permit for a private house (a field "verify" step) and first-time land use right
//     certificates (appraised at the land registration office whichever district receives).
//
//go:embed data/*.json
var dataFiles embed.FS

func readData(name string) (catalog.File, error) {
	b, err := dataFiles.ReadFile("data/" + name)
	if err != nil {
		return catalog.File{}, err
	}
	f, err := catalog.ReadJSON(bytes.NewReader(b))
	if err != nil {
		return catalog.File{}, fmt.Errorf("demo data %s: %w", name, err)
	}
	return f, nil
}

// Province returns the demo province's units, parents before children.
func Province() ([]org.Unit, error) {
	f, err := readData("province.json")
	if err != nil {
		return nil, err
	}
	return f.Units, nil
}

// Catalog returns the demo procedures, each valid by catalog.Procedure.Validate.
func Catalog() ([]catalog.Procedure, error) {
	f, err := readData("catalog.json")
	if err != nil {
		return nil, err
	}
	return f.Procedures, nil
}
