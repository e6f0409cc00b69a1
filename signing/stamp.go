package signing

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"sync"

	"github.com/digitorus/pdf"
	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/skip2/go-qrcode"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// Stamp is the visible mark of a signature, drawn at the bottom right of the first page like a
// seal on paper: who signed and when, and a QR code to the public verification page.
type Stamp struct {
	Lines []string // the first is drawn bold
	URL   string   // what the QR code opens
}

// The stamp's size on the page, in points, and its margin from the page's corner.
const (
	stampW, stampH = 252.0, 84.0
	stampMargin    = 28.0
)

var faces struct {
	once          sync.Once
	regular, bold font.Face
	err           error
}

func loadFaces() (font.Face, font.Face, error) {
	faces.once.Do(func() {
		load := func(ttf []byte, size float64) font.Face {
			f, err := opentype.Parse(ttf)
			if err != nil {
				faces.err = err
				return nil
			}
			face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
			if err != nil {
				faces.err = err
			}
			return face
		}
		faces.regular, faces.bold = load(dejavusans.TTF, 30), load(dejavusansbold.TTF, 32)
	})
	return faces.regular, faces.bold, faces.err
}

// stampImage draws the stamp as a PNG at three pixels per point: a red frame, the QR code on
// the left, the lines on the right (DejaVu: every Vietnamese mark).
func stampImage(s Stamp) ([]byte, error) {
	regular, bold, err := loadFaces()
	if err != nil {
		return nil, err
	}
	const scale = 3
	w, h := int(stampW*scale), int(stampH*scale)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	red := image.NewUniform(color.RGBA{0xb0, 0x10, 0x10, 0xff})
	for _, r := range []image.Rectangle{
		image.Rect(0, 0, w, 5), image.Rect(0, h-5, w, h), image.Rect(0, 0, 5, h), image.Rect(w-5, 0, w, h),
	} {
		draw.Draw(img, r, red, image.Point{}, draw.Src)
	}
	x := 18
	if s.URL != "" {
		q, err := qrcode.New(s.URL, qrcode.Medium)
		if err != nil {
			return nil, err
		}
		q.DisableBorder = true
		side := h - 36
		draw.Draw(img, image.Rect(18, 18, 18+side, 18+side), q.Image(side), image.Point{}, draw.Src)
		x = 18 + side + 20
	}
	d := font.Drawer{Dst: img, Src: red}
	y := 66
	for i, line := range s.Lines {
		d.Face = regular
		if i == 0 {
			d.Face = bold
		}
		line = norm.NFC.String(line)
		// Lines that do not fit are cut: the stamp names, the verification page tells all.
		for len(line) > 0 && font.MeasureString(d.Face, line).Ceil() > w-x-14 {
			r := []rune(line)
			line = string(r[:len(r)-1])
		}
		d.Dot = fixed.P(x, y)
		d.DrawString(line)
		y += 66
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// stampRect places the stamp at the bottom right of the first page.
func stampRect(rdr *pdf.Reader) (llx, lly, urx, ury float64) {
	width := 595.0 // A4, when the page does not say
	if rdr.NumPage() > 0 {
		// MediaBox may be inherited from the page tree.
		for v := rdr.Page(1).V; !v.IsNull(); v = v.Key("Parent") {
			if box := v.Key("MediaBox"); box.Len() == 4 {
				width = box.Index(2).Float64() - box.Index(0).Float64()
				break
			}
		}
	}
	return width - stampMargin - stampW, stampMargin, width - stampMargin, stampMargin + stampH
}
