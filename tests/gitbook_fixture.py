"""A GitBook space exercising every construct the importer handles, written on demand."""

from __future__ import annotations

import base64
from pathlib import Path

# A 1x1 PNG: enough for Sphinx to copy and a browser to show.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

FILES = {
    "SUMMARY.md": """\
# Table of contents

* [Welcome](README.md)

## Systems

* [Scheduling](scheduling/README.md)
  * [GPU clusters](scheduling/gpu/README.md)
    * [Fragmentation](scheduling/gpu/fragmentation.md)
      * [Deep dive](scheduling/gpu/deep/dive.md)
  * [Serving](scheduling/serving.md)
* [Math notes](math.md)
* [Tagged page](tagged.md)
""",
    "README.md": """\
# Welcome

See [the math page](math.md) and [all scheduling notes](scheduling/).
""",
    "scheduling/README.md": """\
# Scheduling

{% hint style="info" %}
An info hint.
{% endhint %}
""",
    "scheduling/gpu/README.md": """\
# GPU clusters

{% hint style="warning" %}
A warning hint.
{% endhint %}

{% hint style="danger" %}
A danger hint.
{% endhint %}

{% hint style="success" %}
A success hint.
{% endhint %}
""",
    "scheduling/gpu/fragmentation.md": """\
---
description: >-
  Statistical GPU fragments and how to avoid them #gpu #scheduling
---

# Fragmentation

<figure><img src="../../.gitbook/assets/my figure (1).png" alt="A fragment"><figcaption><p>Fragments over time</p></figcaption></figure>

![Diagram](<../../.gitbook/assets/diagram ü.png>)

Read [the serving note](../serving.md#key-ideas) next, not [this one](../nowhere.md).

{% tabs %}
{% tab title="Before" %}
Fragmented.
{% endtab %}
{% tab title="After" %}
Packed.
{% endtab %}
{% endtabs %}

{% embed url="https://www.usenix.org/conference/atc23" %}

{% content-ref url="deep/dive.md" %}
[dive.md](deep/dive.md)
{% endcontent-ref %}
""",
    "scheduling/gpu/deep/dive.md": """\
# Deep dive

Four levels down.
""",
    "scheduling/serving.md": """\
# Serving

## Key ideas

Batching.

{% swagger method="get" path="/v1" %}
""",
    "math.md": """\
# Math notes

The cost is $$a^2$$ per item.

$$\\sum_i x_i$$

* $$\\[a, b\\]$$
* plain item
* $$\\alpha_{d, d'}$$ — The delay between device $$d$$ and $$d'$$
* A line ending in $$d$$

It costs \\$5, and `$$x$$` is code.

```python
cost = "$$not math$$"
```

### Jumped heading

Under a heading three levels down.

## Back up

$$\\begin{aligned} a &= \\mathbb{R}^{n} \\\\ b &= \\text{cases} \\end{aligned}$$
""",
    "tagged.md": """\
---
description: Notes on a physics paper #physics #reading
---

# Tagged page

<figure><img src=".gitbook/assets/my figure (1).png" alt=".gitbook/assets/my figure (1).png"><figcaption></figcaption></figure>

![](.gitbook/assets/diagram-plain.png)
""",
    "orphan.md": """\
# Orphan page

Not listed in SUMMARY.md.
""",
}


def write_space(root: Path) -> Path:
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assets = root / ".gitbook" / "assets"
    assets.mkdir(parents=True)
    for name in ("my figure (1).png", "diagram ü.png", "diagram-plain.png"):
        (assets / name).write_bytes(PNG)
    return root
