#!/usr/bin/env python3
"""Generate the abstract demo "photos" used by the Dateline demo articles.

Deterministic: every scene draws from its own random.Random seeded with a
fixed value, so running the script twice produces identical pictures (given
the same Pillow / libjpeg build).

    pip install pillow
    python3 tools/make_photos.py            # writes ../photos/*.jpg

Each image is 1200x675, saved as JPEG quality 78, and is checked to stay
under 90 KB.
"""
from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

W, H = 1200, 675
QUALITY = 78
MAX_BYTES = 90 * 1024
SEED = 20261120
OUT = Path(__file__).resolve().parent.parent / "photos"


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def mix(c1, c2, t):
    return tuple(int(round(lerp(a, b, t))) for a, b in zip(c1, c2))


def gradient(stops, size=(W, H)):
    """Vertical gradient. stops = [(pos 0..1, (r,g,b)), ...] sorted by pos."""
    w, h = size
    img = Image.new("RGB", size)
    px = ImageDraw.Draw(img)
    for y in range(h):
        t = y / (h - 1)
        for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
            if p0 <= t <= p1:
                u = 0 if p1 == p0 else (t - p0) / (p1 - p0)
                px.line([(0, y), (w, y)], fill=mix(c0, c1, u))
                break
    return img


def ridge(rng, base_y, amp, octaves=4, step=6):
    """A silhouette line made of summed sines with random phases."""
    waves = [
        (amp / (1.7 ** i), rng.uniform(0.002, 0.006) * (2.1 ** i), rng.uniform(0, 2 * math.pi))
        for i in range(octaves)
    ]
    pts = []
    for x in range(0, W + step, step):
        y = base_y + sum(a * math.sin(f * x + p) for a, f, p in waves)
        pts.append((x, y))
    return pts


def fill_below(draw, pts, colour):
    draw.polygon(pts + [(W, H), (0, H)], fill=colour)


def glow(img, centre, radius, colour, strength=0.8, blur=None):
    """Soft disc of light composited onto img."""
    layer = Image.new("RGB", img.size, (0, 0, 0))
    mask = Image.new("L", img.size, 0)
    d = ImageDraw.Draw(mask)
    x, y = centre
    d.ellipse([x - radius, y - radius, x + radius, y + radius], fill=int(255 * strength))
    mask = mask.filter(ImageFilter.GaussianBlur(blur if blur is not None else radius * 0.6))
    ImageDraw.Draw(layer).rectangle([0, 0, *img.size], fill=colour)
    return Image.composite(layer, img, mask)


def disc(draw, centre, radius, colour):
    x, y = centre
    draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)


def overlay(img, draw_fn, opacity=1.0, blur=0):
    """Draw on an RGBA layer, optionally blur, and alpha-composite it."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw_fn(ImageDraw.Draw(layer))
    if blur:
        layer = layer.filter(ImageFilter.GaussianBlur(blur))
    if opacity < 1:
        alpha = layer.getchannel("A").point(lambda a: int(a * opacity))
        layer.putalpha(alpha)
    base = img.convert("RGBA")
    base.alpha_composite(layer)
    return base.convert("RGB")


def rain(img, rng, count, colour=(220, 230, 240), opacity=0.35, slant=0.18, length=(18, 40)):
    def fn(d):
        for _ in range(count):
            x = rng.uniform(-50, W)
            y = rng.uniform(-40, H)
            ln = rng.uniform(*length)
            a = rng.randint(60, 180)
            d.line([(x, y), (x + ln * slant, y + ln)], fill=colour + (a,), width=1)
    return overlay(img, fn, opacity=opacity, blur=0.6)


def vignette(img, amount=0.45):
    mask = Image.new("L", img.size, 0)
    d = ImageDraw.Draw(mask)
    d.ellipse([-W * 0.15, -H * 0.25, W * 1.15, H * 1.25], fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(160))
    dark = Image.new("RGB", img.size, (0, 0, 0))
    blended = Image.blend(dark, img, 1 - amount)
    return Image.composite(img, blended, mask)


def reflect(img, horizon, ripple_rng, tint=(20, 40, 60), tint_amount=0.35):
    """Mirror the part above `horizon` into the water below it, with ripples."""
    top = img.crop((0, max(0, 2 * horizon - H), W, horizon)).transpose(Image.FLIP_TOP_BOTTOM)
    # start from the unshifted mirror so shifted rows never leave empty edges
    water = top.crop((0, 0, W, H - horizon)) if top.height >= H - horizon else top.resize((W, H - horizon))
    for y in range(H - horizon):
        shift = int(6 * math.sin(y * 0.35 + ripple_rng.uniform(0, 0.6)) * (0.3 + y / (H - horizon)))
        row = top.crop((0, min(y, top.height - 1), W, min(y, top.height - 1) + 1))
        water.paste(row, (shift, y))
    water = water.filter(ImageFilter.GaussianBlur(1.5))
    water = Image.blend(water, Image.new("RGB", water.size, tint), tint_amount)
    img.paste(water, (0, horizon))
    return img


# --------------------------------------------------------------------------
# scenes
# --------------------------------------------------------------------------
def flood_river(rng):
    img = gradient([(0, (88, 98, 112)), (0.45, (150, 156, 160)), (1, (110, 104, 92))])
    img = glow(img, (820, 210), 240, (200, 200, 196), 0.45)
    d = ImageDraw.Draw(img)
    fill_below(d, ridge(rng, 330, 28), (74, 84, 88))
    fill_below(d, ridge(rng, 370, 14), (58, 64, 62))
    # half-submerged trees and poles
    for _ in range(9):
        x = rng.uniform(40, W - 40)
        h = rng.uniform(40, 110)
        d.line([(x, 400), (x, 400 - h)], fill=(44, 46, 42), width=4)
        disc(d, (x, 400 - h), rng.uniform(18, 34), (52, 58, 50))
    # muddy water
    water = gradient([(0, (124, 110, 86)), (1, (84, 70, 52))], (W, H - 400))
    img.paste(water, (0, 400))
    d = ImageDraw.Draw(img)

    def currents(dd):
        for _ in range(160):
            y = rng.uniform(405, H)
            x = rng.uniform(-100, W)
            ln = rng.uniform(40, 180) * (0.5 + (y - 400) / 275)
            dd.line([(x, y), (x + ln, y + rng.uniform(-2, 2))], fill=(190, 172, 140, rng.randint(40, 110)), width=2)
    img = overlay(img, currents, blur=1)
    # a rooftop poking out of the water and a small relief boat
    d = ImageDraw.Draw(img)
    d.polygon([(180, 430), (260, 385), (340, 430)], fill=(70, 52, 44))
    d.polygon([(700, 520), (860, 520), (840, 545), (720, 545)], fill=(196, 88, 40))
    d.rectangle([760, 500, 790, 520], fill=(40, 40, 44))
    img = rain(img, rng, 900, opacity=0.55)
    return vignette(img, 0.35)


def market_stalls(rng):
    img = gradient([(0, (245, 206, 150)), (0.5, (236, 170, 110)), (1, (120, 80, 60))])
    img = glow(img, (600, 140), 200, (255, 236, 190), 0.6)
    d = ImageDraw.Draw(img)
    # distant hills across the border
    fill_below(d, ridge(rng, 260, 30), (196, 140, 110))
    fill_below(d, ridge(rng, 300, 18), (170, 114, 92))
    # awnings
    palette = [(196, 60, 48), (40, 110, 150), (226, 170, 40), (70, 140, 90), (150, 70, 120)]
    x = -30
    while x < W:
        w = rng.uniform(150, 230)
        top = rng.uniform(330, 380)
        col = rng.choice(palette)
        d.polygon([(x, top + 40), (x + w / 2, top), (x + w, top + 40)], fill=col)
        for sx in range(int(x), int(x + w), 28):
            d.rectangle([sx, top + 40, sx + 14, top + 58], fill=mix(col, (255, 255, 255), 0.35))
        d.rectangle([x + 8, top + 58, x + w - 8, H], fill=mix(col, (30, 20, 20), 0.75))
        # goods: stacked round shapes
        for _ in range(int(w / 20)):
            gx = rng.uniform(x + 15, x + w - 15)
            gy = rng.uniform(500, 560)
            disc(d, (gx, gy), rng.uniform(6, 12), mix(rng.choice(palette), (255, 230, 180), 0.3))
        x += w + rng.uniform(5, 30)
    # crowd silhouettes
    for _ in range(26):
        cx = rng.uniform(0, W)
        s = rng.uniform(0.8, 1.3)
        col = (46, 30, 28)
        disc(d, (cx, 585 - 70 * s), 13 * s, col)
        d.rounded_rectangle([cx - 20 * s, 585 - 56 * s, cx + 20 * s, H], radius=int(12 * s), fill=col)
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    return vignette(img, 0.3)


def factory_night(rng):
    img = gradient([(0, (12, 14, 30)), (0.6, (36, 36, 64)), (1, (20, 18, 26))])
    img = glow(img, (300, 380), 380, (120, 70, 50), 0.35)
    d = ImageDraw.Draw(img)
    # factory block with saw-tooth roof
    base = 300
    for i in range(9):
        x0 = 60 + i * 110
        d.polygon([(x0, base), (x0 + 110, base - 45), (x0 + 110, base)], fill=(18, 18, 24))
    d.rectangle([60, base, 1050, 560], fill=(22, 22, 28))
    # chimney
    d.rectangle([1080, 170, 1115, 560], fill=(16, 16, 22))
    # lit windows in rows
    for row in range(3):
        for col in range(18):
            if rng.random() < 0.72:
                x = 85 + col * 53
                y = 330 + row * 70
                c = (255, rng.randint(196, 226), rng.randint(120, 160))
                d.rectangle([x, y, x + 30, y + 36], fill=c)
    img = overlay(img, lambda dd: [dd.rectangle([85 + c * 53 - 6, 324 + r * 70, 85 + c * 53 + 36, 372 + r * 70], fill=(255, 200, 120, 60)) for r in range(3) for c in range(18)], blur=14)
    d = ImageDraw.Draw(img)
    # fence and ground
    d.rectangle([0, 560, W, H], fill=(14, 14, 18))
    for x in range(0, W, 22):
        d.line([(x, 560), (x, 610)], fill=(40, 40, 48), width=2)
    d.line([(0, 572), (W, 572)], fill=(40, 40, 48), width=2)
    d.line([(0, 596), (W, 596)], fill=(40, 40, 48), width=2)
    # smoke
    def smoke(dd):
        for i in range(14):
            cx, cy, r = 1098 - i * 26, 160 - i * 9, 22 + i * 4
            dd.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(130, 130, 150, max(20, 120 - i * 7)))
    img = overlay(img, smoke, blur=14)
    # stars
    d = ImageDraw.Draw(img)
    for _ in range(90):
        x, y = rng.uniform(0, W), rng.uniform(0, 230)
        v = rng.randint(150, 230)
        d.point((x, y), fill=(v, v, v))
    return vignette(img, 0.4)


def railway_dawn(rng):
    img = gradient([(0, (46, 62, 110)), (0.35, (220, 140, 110)), (0.5, (250, 206, 150)), (1, (90, 70, 70))])
    horizon = 360
    img = glow(img, (600, horizon - 10), 70, (255, 240, 200), 1.0, blur=8)
    img = glow(img, (600, horizon - 10), 260, (255, 190, 130), 0.5)
    d = ImageDraw.Draw(img)
    fill_below(d, ridge(rng, horizon - 40, 26), (150, 100, 110))
    fill_below(d, ridge(rng, horizon - 10, 16), (110, 74, 84))
    d.rectangle([0, horizon, W, H], fill=(150, 118, 96))
    img = overlay(img, lambda dd: [dd.line([(0, y), (W, y)], fill=(80, 60, 50, 50), width=1) for y in range(horizon, H, 5)])
    d = ImageDraw.Draw(img)
    vp = (600, horizon)
    # sleepers
    for i in range(1, 40):
        t = (i / 40) ** 2.2
        y = lerp(horizon, H + 40, t)
        half = lerp(4, 520, t)
        th = max(1, int(lerp(1, 18, t)))
        d.rectangle([vp[0] - half, y, vp[0] + half, y + th], fill=(70, 50, 40))
    # rails
    for side in (-1, 1):
        for off in (0, 14):
            d.line([vp, (vp[0] + side * (330 + off), H)], fill=(200, 200, 206), width=4)
    # catenary poles
    for i in range(1, 9):
        t = (i / 9) ** 2
        y = lerp(horizon, H, t)
        x = lerp(vp[0] + 10, W - 60, t)
        hgt = lerp(10, 420, t)
        d.line([(x, y), (x, y - hgt)], fill=(40, 34, 40), width=max(1, int(lerp(1, 8, t))))
        d.line([(x, y - hgt), (x - lerp(4, 120, t), y - hgt)], fill=(40, 34, 40), width=max(1, int(lerp(1, 5, t))))
    d.line([(vp[0] + 6, horizon - 10), (W - 180, H - 420 - 5)], fill=(40, 34, 40), width=2)
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    return vignette(img, 0.35)


def rice_field(rng):
    img = gradient([(0, (150, 196, 226)), (0.4, (222, 232, 224)), (1, (200, 210, 200))])
    img = glow(img, (930, 120), 110, (255, 250, 226), 0.7)
    d = ImageDraw.Draw(img)
    fill_below(d, ridge(rng, 250, 34), (120, 150, 140))
    fill_below(d, ridge(rng, 290, 16), (92, 130, 96))
    horizon = 320
    # terraces: alternating golden and dry bands
    y = horizon
    band = 10
    i = 0
    while y < H:
        col = mix((214, 186, 90), (150, 120, 60), rng.random() * 0.5) if i % 3 else (176, 150, 110)
        pts = [(x, y + 4 * math.sin(x * 0.01 + i)) for x in range(0, W + 20, 20)]
        fill_below(d, pts, col)
        y += band
        band *= 1.22
        i += 1
    # cracked soil near the front
    for _ in range(70):
        x0, y0 = rng.uniform(0, W), rng.uniform(560, H)
        pts = [(x0, y0)]
        for _ in range(4):
            x0 += rng.uniform(-30, 30)
            y0 += rng.uniform(-10, 10)
            pts.append((x0, y0))
        d.line(pts, fill=(110, 86, 60), width=2)
    # rice stalks
    def stalks(dd):
        for _ in range(500):
            x = rng.uniform(0, W)
            yb = rng.uniform(400, H + 20)
            s = (yb - 380) / 300
            hgt = 30 * s + 6
            lean = rng.uniform(-8, 8) * s
            dd.line([(x, yb), (x + lean, yb - hgt)], fill=(200, 170, 70, 200), width=max(1, int(2 * s)))
            disc(dd, (x + lean, yb - hgt), max(1, 3 * s), (230, 200, 110, 220))
    img = overlay(img, stalks, blur=0.6)
    # a farmer's conical hat silhouette
    d = ImageDraw.Draw(img)
    # a farmer in a conical hat, bending over the stalks
    fig = (58, 48, 38)
    d.polygon([(318, 440), (352, 440), (366, 500), (304, 500)], fill=fig)
    d.ellipse([325, 422, 347, 444], fill=fig)
    d.polygon([(290, 432), (336, 404), (382, 432)], fill=(196, 170, 120))
    d.line([(290, 432), (382, 432)], fill=(120, 100, 70), width=2)
    return vignette(img, 0.25)


def festival_lanterns(rng):
    img = gradient([(0, (20, 10, 40)), (0.6, (70, 24, 60)), (1, (30, 12, 22))])
    d = ImageDraw.Draw(img)
    # rooftops with curved eaves
    x = -40
    while x < W:
        w = rng.uniform(180, 280)
        top = rng.uniform(360, 430)
        d.polygon([(x - 20, top + 40), (x + 10, top + 30), (x + w / 2, top), (x + w - 10, top + 30), (x + w + 20, top + 40)], fill=(16, 8, 20))
        d.rectangle([x + 10, top + 36, x + w - 10, H], fill=(22, 10, 26))
        x += w
    # strings of lanterns
    lamps = []
    for s in range(4):
        y0 = 90 + s * 80
        sag = rng.uniform(30, 70)
        pts = [(x, y0 + sag * math.sin(math.pi * x / W)) for x in range(0, W + 10, 10)]
        d.line(pts, fill=(60, 40, 50), width=2)
        for x in range(int(rng.uniform(20, 60)), W, int(rng.uniform(70, 110))):
            y = y0 + sag * math.sin(math.pi * x / W)
            r = rng.uniform(14, 22)
            col = rng.choice([(255, 90, 50), (255, 160, 60), (255, 210, 110), (240, 70, 90)])
            lamps.append((x, y + r + 6, r, col))
    def halo(dd):
        for x, y, r, col in lamps:
            disc(dd, (x, y), r * 2.6, col + (90,))
    img = overlay(img, halo, blur=22)
    d = ImageDraw.Draw(img)
    for x, y, r, col in lamps:
        d.ellipse([x - r, y - r * 1.2, x + r, y + r * 1.2], fill=col)
        d.ellipse([x - r * 0.5, y - r * 0.7, x + r * 0.3, y + r * 0.4], fill=mix(col, (255, 255, 230), 0.5))
        d.line([(x, y - r * 1.2 - 6), (x, y - r * 1.2)], fill=(40, 30, 30), width=2)
    # floating sparks
    img = overlay(img, lambda dd: [disc(dd, (rng.uniform(0, W), rng.uniform(0, 420)), rng.uniform(1, 2.5), (255, 220, 160, rng.randint(80, 200))) for _ in range(160)], blur=0.8)
    return vignette(img, 0.35)


def harbour_boats(rng):
    horizon = 380
    img = gradient([(0, (120, 160, 200)), (0.5, (236, 214, 190)), (1, (236, 214, 190))])
    img = glow(img, (320, 300), 60, (255, 244, 220), 1.0, blur=10)
    img = glow(img, (320, 300), 220, (255, 220, 170), 0.45)
    d = ImageDraw.Draw(img)
    fill_below(d, ridge(rng, horizon - 30, 12), (120, 130, 150))
    # moored boats and masts above horizon
    for _ in range(9):
        x = rng.uniform(40, W - 120)
        w = rng.uniform(80, 150)
        y = horizon - rng.uniform(0, 4)
        col = (rng.randint(30, 60), rng.randint(40, 60), rng.randint(60, 80))
        d.polygon([(x, y - 22), (x + w, y - 22), (x + w - 18, y), (x + 14, y)], fill=col)
        d.rectangle([x + w * 0.55, y - 44, x + w * 0.8, y - 22], fill=col)
        d.line([(x + w * 0.3, y - 22), (x + w * 0.3, y - rng.uniform(70, 120))], fill=col, width=3)
    img = reflect(img, horizon, rng, tint=(40, 70, 100), tint_amount=0.35)
    # glints on the water
    img = overlay(img, lambda dd: [dd.line([(x, y), (x + rng.uniform(10, 40), y)], fill=(255, 240, 210, rng.randint(80, 200)), width=2) for x, y in ((rng.gauss(320, 90), rng.uniform(horizon + 5, H)) for _ in range(140))], blur=0.8)
    # gulls
    d = ImageDraw.Draw(img)
    for _ in range(6):
        gx, gy, s = rng.uniform(500, 1100), rng.uniform(60, 220), rng.uniform(6, 12)
        d.line([(gx - s, gy), (gx - s / 3, gy - s / 3), (gx, gy)], fill=(50, 50, 60), width=2)
        d.line([(gx, gy), (gx + s / 3, gy - s / 3), (gx + s, gy)], fill=(50, 50, 60), width=2)
    return vignette(img, 0.3)


def heat_city(rng):
    img = gradient([(0, (250, 170, 80)), (0.5, (255, 210, 140)), (1, (230, 130, 70))])
    img = glow(img, (600, 220), 90, (255, 252, 236), 1.0, blur=14)
    img = glow(img, (600, 220), 380, (255, 230, 170), 0.5)
    d = ImageDraw.Draw(img)
    # skyline
    ground = 520
    x = 0
    towers = []
    while x < W:
        w = rng.uniform(50, 120)
        h = rng.uniform(120, 330)
        towers.append((x, w, h))
        x += w + rng.uniform(-14, -3)
    for x, w, h in towers:
        d.rectangle([x, ground - h, x + w, ground], fill=(150, 84, 60))
        if rng.random() < 0.3:
            d.line([(x + w / 2, ground - h), (x + w / 2, ground - h - 30)], fill=(150, 84, 60), width=3)
    # heat shimmer: horizontally displaced rows
    shimmer = img.copy()
    for y in range(0, ground + 10):
        dx = int(3 * math.sin(y * 0.25) * (y / ground) ** 2)
        if dx:
            shimmer.paste(img.crop((0, y, W, y + 1)), (dx, y))
    img = shimmer.filter(ImageFilter.GaussianBlur(1.2))
    d = ImageDraw.Draw(img)
    d.rectangle([0, ground, W, H], fill=(120, 70, 54))
    # road with mirage
    d.polygon([(520, ground), (680, ground), (1000, H), (200, H)], fill=(80, 60, 60))
    img = overlay(img, lambda dd: dd.rectangle([300, ground + 4, 900, ground + 40], fill=(255, 220, 170, 110)), blur=12)
    return vignette(img, 0.3)


def campus_gate(rng):
    img = gradient([(0, (110, 150, 200)), (0.7, (206, 222, 236)), (1, (180, 190, 196))])
    d = ImageDraw.Draw(img)
    # trees behind
    def trees(dd):
        for _ in range(30):
            x = rng.uniform(0, W)
            y = rng.uniform(300, 380)
            r = rng.uniform(40, 90)
            disc(dd, (x, y), r, (70 + rng.randint(0, 30), 110 + rng.randint(0, 30), 80, 255))
    img = overlay(img, trees, blur=6)
    d = ImageDraw.Draw(img)
    # plaza
    d.rectangle([0, 470, W, H], fill=(176, 170, 160))
    for i in range(1, 12):
        y = 470 + (i / 12) ** 1.6 * 205
        d.line([(0, y), (W, y)], fill=(156, 150, 140), width=2)
    for xb in range(-1200, 2400, 90):
        d.line([(600 + (xb - 600) * 0.15, 470), (xb, H)], fill=(156, 150, 140), width=1)
    # gate: two pillars and a lintel with a roof
    stone = (210, 200, 186)
    shade = (150, 140, 128)
    for px in (360, 780):
        d.rectangle([px, 220, px + 60, 480], fill=stone)
        d.rectangle([px + 44, 220, px + 60, 480], fill=shade)
    d.rectangle([330, 200, 870, 236], fill=stone)
    d.polygon([(300, 200), (600, 150), (900, 200)], fill=(90, 60, 56))
    d.rectangle([520, 206, 680, 228], fill=(60, 50, 46))
    # students walking
    for _ in range(12):
        cx, s = rng.uniform(100, 1100), rng.uniform(0.7, 1.2)
        base = 470 + 160 * (s - 0.6)
        col = (rng.randint(30, 80), rng.randint(30, 60), rng.randint(50, 90))
        disc(d, (cx, base - 92 * s), 11 * s, (40, 34, 30))
        d.rounded_rectangle([cx - 15 * s, base - 80 * s, cx + 15 * s, base - 30 * s], radius=int(8 * s), fill=col)
        d.rectangle([cx - 10 * s, base - 30 * s, cx + 10 * s, base], fill=(40, 40, 50))
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    return vignette(img, 0.25)


def books_lamp(rng):
    img = gradient([(0, (26, 22, 20)), (1, (50, 36, 28))])
    img = glow(img, (780, 260), 320, (255, 196, 120), 0.55)
    d = ImageDraw.Draw(img)
    # desk
    d.rectangle([0, 470, W, H], fill=(70, 44, 30))
    img = overlay(img, lambda dd: dd.ellipse([450, 420, 1150, 620], fill=(255, 200, 130, 90)), blur=40)
    d = ImageDraw.Draw(img)
    # lamp
    d.line([(960, 470), (920, 300), (830, 200)], fill=(40, 36, 34), width=10)
    d.polygon([(780, 170), (880, 200), (840, 260), (760, 230)], fill=(50, 46, 40))
    img = glow(img, (790, 250), 30, (255, 240, 200), 1.0, blur=10)
    d = ImageDraw.Draw(img)
    # stack of books
    y = 470
    for _ in range(7):
        h = rng.uniform(18, 34)
        w = rng.uniform(260, 340)
        x = 260 + rng.uniform(-20, 20)
        col = rng.choice([(130, 40, 40), (40, 70, 110), (60, 90, 60), (150, 110, 50), (90, 60, 90)])
        d.rectangle([x, y - h, x + w, y], fill=col)
        d.rectangle([x + w - 10, y - h + 2, x + w - 2, y - 2], fill=(230, 220, 196))
        d.line([(x + 20, y - h / 2), (x + w * 0.55, y - h / 2)], fill=mix(col, (255, 220, 150), 0.5), width=2)
        y -= h
    # open book with lines of text
    d.polygon([(600, 470), (720, 440), (840, 470), (720, 480)], fill=(236, 226, 204))
    d.line([(720, 440), (720, 480)], fill=(180, 170, 150), width=2)
    for i in range(6):
        d.line([(625 + i * 2, 466 - i * 4), (705, 448 - i * 1.5 + 6)], fill=(150, 140, 124), width=1)
    # dust in the lamp light
    img = overlay(img, lambda dd: [disc(dd, (rng.gauss(780, 120), rng.gauss(320, 80)), rng.uniform(0.8, 2), (255, 230, 190, rng.randint(60, 160))) for _ in range(120)], blur=0.6)
    return vignette(img, 0.45)


SCENES = {
    "flood-river": flood_river,
    "market-stalls": market_stalls,
    "factory-night": factory_night,
    "railway-dawn": railway_dawn,
    "rice-field": rice_field,
    "festival-lanterns": festival_lanterns,
    "harbour-boats": harbour_boats,
    "heat-city": heat_city,
    "campus-gate": campus_gate,
    "books-lamp": books_lamp,
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    ok = True
    for i, (name, fn) in enumerate(SCENES.items()):
        rng = random.Random(SEED + i)
        img = fn(rng)
        assert img.size == (W, H), (name, img.size)
        path = OUT / f"{name}.jpg"
        img.save(path, "JPEG", quality=QUALITY, optimize=True, progressive=False)
        size = path.stat().st_size
        flag = "ok" if size < MAX_BYTES else "TOO BIG"
        ok &= size < MAX_BYTES
        print(f"{path.name:24s} {size / 1024:6.1f} KB  {flag}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
