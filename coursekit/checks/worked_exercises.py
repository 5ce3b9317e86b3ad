"""Hints and worked solutions of the exercises (notebooks 10-14) and of the steps of 09."""

from __future__ import annotations

__all__ = ["WORKED_EXERCISES"]

#: Part id -> (title, hints, worked solution).
WORKED_EXERCISES = {
    "1a": (
        "3x3 windows that fit (stride 3)",
        (
            "Work along a single axis of length 4 first: a window that starts at cell 0 covers "
            "cells 0 to 2. Where would the next window start with stride 3, and would it still "
            "fit inside the map? Then put the two axes together.",
            "For one axis the rule is (n - k) // s + 1, here with n = 4, k = 3 and s = 3. The "
            "number of windows is the count along the rows times the count along the columns.",
        ),
        (
            "Along one axis of 4 cells a 3x3 window starting at cell 0 covers cells 0-2. With "
            "stride 3 the next would start at cell 3 and need cells 3-5, past the edge (no "
            "padding, no ceil mode). The rule gives the same: (4 - 3) // 3 + 1 = 1 position per "
            "axis. Rows and columns together: 1 x 1 = 1 window.\n"
            "\n"
            "    per_axis = (4 - 3) // 3 + 1\n"
            "    answer_1a = per_axis * per_axis   # 1"
        ),
    ),
    "1b": (
        "3x3 / stride 3 max-pool output",
        (
            "Pooling always returns a map (a 2-D array), however small: give the output in that "
            "form. Part 1a told you how many windows there are; which cells does each cover, and "
            "which of their values does max pooling keep?",
            "Write out the 3x3 block at the top-left of the anchor map (rows 0-2, columns 0-2) "
            "and pick its largest value; then give it as a map with one row and one column.",
        ),
        (
            "The single window covers rows 0-2 and columns 0-2 of the anchor map: 12, 20, 3 / 8, "
            "15, 11 / 6, 9, 14. Max pooling keeps the largest, 20, and returns it as a 1x1 map, "
            "because pooling always returns a map:\n"
            "\n"
            "    answer_1b = [[20]]   # pool2d(ANCHOR, 3, stride=3)"
        ),
    ),
    "1c": (
        "cells no window looks at",
        (
            "Draw the 4x4 map on paper and shade every cell some window covers. Count the cells "
            "left unshaded, taking care not to count any cell twice.",
            "The window covers rows 0-2 and columns 0-2. What is left is the whole last row and "
            "the whole last column; the corner they share is a single cell.",
        ),
        (
            "The window covers the 3x3 block at the top-left: 9 cells. The other 16 - 9 = 7 are "
            "the last row (4 cells) and the last column (4 cells), which share the bottom-right "
            "corner: 4 + 4 - 1 = 7. Among them is the 18, the strongest value of the bottom-right"
            " region.\n"
            "\n"
            "    answer_1c = 7"
        ),
    ),
    "1d": (
        "which window loses more",
        (
            "Compare the two on the same map: how many cells does each never look at, and how "
            "many values does each keep? Answer with the window size alone, e.g. '5x5'.",
            "Part 1c counted the cells the 3x3 window never looks at; 2x2 windows with stride 2 "
            "tile the 4x4 map exactly. Which one throws more away without looking, and which "
            "keeps fewer values?",
        ),
        (
            "2x2 / stride 2 looks at every one of the 16 cells and keeps 4 values. 3x3 / stride 3"
            " never looks at 7 cells and keeps 1 value of the 9 it sees. It loses more on both "
            "counts.\n"
            "\n"
            '    answer_1d = "3x3"'
        ),
    ),
    "2": (
        "a one-pixel shift that changes the output",
        (
            "A one-pixel move changes the output only if a strong value ends up in a different "
            "2x2 window from the one it started in. Where in its window must it sit for that? "
            "np.roll shifts an array along an axis.",
            "A 2x2 / stride 2 pool puts columns 0-1 in one window and columns 2-3 in the next. A "
            "strong value in column 1 that moves one pixel right lands in the other window; build"
            " a map like that and its moved copy.",
        ),
        (
            "A one-pixel move changes a 2x2 max-pool output only when a strong value crosses a "
            "window boundary. Put a single strong value in the last column of its window and move"
            " it one column right: it lands in the next window.\n"
            "\n"
            "    my_map = np.zeros((4, 4), dtype=int)\n"
            "    my_map[0, 1] = 9                        # last column of the top-left window\n"
            "    my_shifted = np.roll(my_map, 1, axis=1)  # now in the top-right window"
        ),
    ),
    "2b": (
        "the same, moving down, no wrap-around",
        (
            "Moving down carries a value from row r to row r + 1. Which rows are the last row of "
            "a 2x2 window? Fill the vacated top row with zeros: shifted = np.zeros_like(m); "
            "shifted[1:] = m[:-1].",
            "Row 1 is the last row of the first window; a value there that moves down lands in "
            "row 2, the first row of the next window. Keep the top row of the moved map all "
            "zeros.",
        ),
        (
            "Put the strong value in the last row of its window (row 1) and move every row down "
            "one, with zeros in the vacated top row:\n"
            "\n"
            "    down_map = np.zeros((4, 4))\n"
            "    down_map[1, 2] = 5.0\n"
            "    down_shifted = np.zeros_like(down_map)\n"
            "    down_shifted[1:] = down_map[:-1]\n"
            "\n"
            "The 5 moves from the top-right window into the bottom-right one, so both change."
        ),
    ),
    "3a": (
        "parameters of the GAP head",
        (
            "A fully connected layer has a weight for every (input, output) pair and a bias for "
            "every output. How many inputs does it get once GAP has reduced the 4x4x8 map?",
            "GAP leaves one number per channel, so the layer has as many inputs as channels. "
            "Weights: inputs x classes; then add one bias per class.",
        ),
        (
            "GAP leaves one value per channel: 8 inputs. A fully connected layer from 8 inputs to"
            " 10 outputs has 8 x 10 = 80 weights and 10 biases: 90 parameters.\n"
            "\n"
            "    answer_3a = 8 * 10 + 10   # 90"
        ),
    ),
    "3b": (
        "parameters of the flatten head",
        (
            "Flattening keeps every value of the 4x4x8 map, each as an input of its own. Count "
            "the parameters as in part 3a.",
            "Flattening a 4x4 map of 8 channels gives 4 x 4 x 8 inputs. Weights: inputs x "
            "classes; biases: one per class.",
        ),
        (
            "Flattening keeps every value of the 4x4x8 map: 128 inputs. 128 x 10 = 1280 weights "
            "and 10 biases: 1290 parameters.\n"
            "\n"
            "    answer_3b = 4 * 4 * 8 * 10 + 10   # 1290"
        ),
    ),
    "3c": (
        "how many times fewer",
        (
            "'How many times fewer' is a ratio of your two counts from parts 3a and 3b: which of "
            "them goes on top?",
            "Divide the flatten head's count (part 3b) by the GAP head's (part 3a); the ratio "
            "rounded to one or two decimals is fine.",
        ),
        (
            "The ratio of the two counts, both with their biases: 1290 / 90 = 14.33. (Weights "
            "only, 1280 / 80, would be 16: the biases are the same 10 on both sides.)\n"
            "\n"
            "    answer_3c = answer_3b / answer_3a   # 14.33"
        ),
    ),
    "4a": (
        "spread of the global average of noise",
        (
            "Independent noise partly cancels when averaged. How does the standard deviation (not"
            " the variance) of a mean shrink as the number of values averaged grows? And how many"
            " values does the global average of the map take?",
            "The spread of a mean of N independent values is the spread of one value divided by "
            "the square root of N. Here one value has spread 1, and the map holds 7 x 7 values.",
        ),
        (
            "The global average of a 7x7 map is the mean of 49 independent values of standard "
            "deviation 1. The variance of a mean of N independent values is sigma^2 / N, so its "
            "standard deviation is sigma / sqrt(N) = 1 / sqrt(49) = 1/7 = 0.1429.\n"
            "\n"
            "    answer_4a = 1 / np.sqrt(49)\n"
            "\n"
            "A simulation agrees: rng.standard_normal((20_000, 7, 7)).mean(axis=(1, 2)).std()."
        ),
    ),
    "4b": (
        "positions global max sends a gradient to",
        (
            "A cell receives a gradient when nudging it a little moves the output. Which cells of"
            " the map can move x.max() when nudged? Count them.",
            "Nudge a cell that does not hold the maximum: the maximum stays where it is, so the "
            "output does not move. With no ties, how many cells hold the maximum?",
        ),
        (
            "Nudging a cell that is not the maximum does not change the maximum (no ties), so "
            "only the winning cell receives a gradient: 1 of the 49 positions (its share of "
            "the map is 1/49).\n"
            "\n"
            "    answer_4b = 1"
        ),
    ),
    "4c": (
        "positions global average sends a gradient to",
        (
            "The same question for x.mean(): which cells move it when nudged a little? Count them.",
            "x.mean() adds up every cell with the same weight, one over the number of cells. Is "
            "there a cell whose weight is zero?",
        ),
        (
            "The average moves when any cell moves: every one of the 49 positions receives a "
            "gradient, each 1/49 of it: all 49 positions.\n"
            "\n"
            "    answer_4c = 49"
        ),
    ),
    "4d": (
        "the factor for a 14x14 map",
        (
            "How many independent values does the average of a 14x14 map take? The spread of a "
            "mean shrinks by the square root of that number.",
            "For a 7x7 map the factor was the square root of its number of cells. Do the same "
            "with the number of cells of a 14x14 map.",
        ),
        (
            "A 14x14 map has 196 cells; the spread of their mean is sigma / sqrt(196) = sigma / "
            "14, so it is 14 times smaller than a single cell's.\n"
            "\n"
            "    shrink_14 = np.sqrt(14 * 14)   # 14"
        ),
    ),
    "5a": (
        "sides after three 2x2 pools",
        (
            "Apply the output-size rule for a 2x2 window with stride 2 once per pool, each time "
            "to the side the previous pool left. List the side after each pool, not the input's.",
            "A 2x2 window with stride 2 halves an even side: (n - 2) // 2 + 1. Start from the "
            "input's side and halve once per pool, writing down each result.",
        ),
        (
            "Each 2x2 / stride 2 pool maps a side n to (n - 2) // 2 + 1 = n / 2 for an even n: "
            "256 -> 128 -> 64 -> 32. The answer lists the side after each pool, not the input's:\n"
            "\n"
            "    answer_5a = [128, 64, 32]"
        ),
    ),
    "5b": (
        "block one final cell summarises",
        (
            "After the first pool each cell stands for a 2x2 block of the input. What does a cell"
            " after the second pool stand for? Carry on to the third.",
            "Each pool doubles the side of the block one cell stands for: 2 after the first pool,"
            " then double again for each further pool. Give the side in pixels, not the area.",
        ),
        (
            "After one pool a cell stands for a 2x2 block, after two for 4x4, after three for "
            "8x8: the strides multiply, 2 x 2 x 2 = 8 (also 256 / 32).\n"
            "\n"
            "    answer_5b = 8"
        ),
    ),
    "5c": (
        "the architectural fix",
        (
            "The decoder starts from a coarse map. Which option hands it the fine detail the "
            "encoder still had before pooling, or lets the network see widely without shrinking "
            "the map at all?",
            "Rule out what cannot help: more pooling makes the blocks bigger, dropout changes "
            "training rather than resolution, and a smoother upsampling only blurs the blocks. Of"
            " the rest, which gives the decoder the detail from before pooling?",
        ),
        (
            "B: skip connections hand the encoder's full-resolution feature maps to the decoder "
            "at each resolution (U-Net), so the decoder has both the deep path's wide view and "
            "the detail pooling threw away. D works too: dilated (atrous) convolutions widen the "
            "view without shrinking the map (DeepLab). More pooling (A) or a larger stride make "
            "blocks bigger, dropout (C) does not touch resolution, and smoother upsampling (E) "
            "cannot invent lost detail. (SegNet's max-unpooling with stored indices is a third "
            "way.)\n"
            "\n"
            '    answer_5c = "B"'
        ),
    ),
    "9.1": (
        "two loops over one map",
        (
            "out_h = (h - kernel_size) // kernel_size + 1; the window of out[i, j] is "
            "x[i*k:(i+1)*k, j*k:(j+1)*k], and window.max() is its maximum.",
            "Make out = np.empty((out_h, out_w), dtype=x.dtype), loop i over the rows and j over "
            "the columns of out, fill each cell from its window, and return out.",
        ),
        (
            "Make the output, loop over its cells, keep each window's maximum:\n"
            "\n"
            "    def pool_two_loops(x, kernel_size, stride):\n"
            "        k = kernel_size\n"
            "        out = np.empty((x.shape[0] // k, x.shape[1] // k), dtype=x.dtype)\n"
            "        for i in range(out.shape[0]):\n"
            "            for j in range(out.shape[1]):\n"
            "                out[i, j] = x[i * k:(i + 1) * k, j * k:(j + 1) * k].max()\n"
            "        return out"
        ),
    ),
    "9.2": (
        "any stride",
        (
            "Only two things change: out_h = (h - kernel_size) // stride + 1, and a window starts"
            " at r, c = i * stride, j * stride and still ends kernel_size cells later.",
            "Try a case where the stride differs from kernel_size by hand, e.g. a 5x5 map with "
            "kernel_size 3 and stride 2: two windows per axis, starting at rows 0 and 2 and "
            "sharing row 2.",
        ),
        (
            "The window of out[i, j] starts at (i * stride, j * stride); the output size follows "
            "(n - k) // s + 1:\n"
            "\n"
            "    def pool_strided(x, kernel_size, stride):\n"
            "        k, s = kernel_size, stride\n"
            "        out_h, out_w = (x.shape[0] - k) // s + 1, (x.shape[1] - k) // s + 1\n"
            "        out = np.empty((out_h, out_w), dtype=x.dtype)\n"
            "        for i in range(out.shape[0]):\n"
            "            for j in range(out.shape[1]):\n"
            "                out[i, j] = x[i * s:i * s + k, j * s:j * s + k].max()\n"
            "        return out"
        ),
    ),
    "9.3": (
        "padding",
        (
            "Pad with a value max pooling never picks: np.pad(x.astype(float), padding, "
            "constant_values=-np.inf). The output size uses the padded length.",
            "After padding, run the strided pooling of step 9.2 on the padded map: its size gives"
            " out_h = (h + 2 * padding - kernel_size) // stride + 1.",
        ),
        (
            "Padding must never win a maximum, so pad a float copy with minus infinity (zero "
            "would win in an all-negative window), then pool the padded map as in step 2:\n"
            "\n"
            "    def pool_padded(x, kernel_size, stride, padding):\n"
            "        padded = np.pad(x.astype(float), padding, constant_values=-np.inf)\n"
            "        return pool_strided(padded, kernel_size, stride)"
        ),
    ),
    "9.4": (
        "channels and batches",
        (
            "Take the map's size from the last two axes, pad only those, and let ... stand for "
            "the leading axes: x[..., r:r+k, c:c+k].max(axis=(-2, -1)).",
            "Pad only the last two axes, [(0, 0)] * (x.ndim - 2) + [(p, p), (p, p)], and keep the"
            " leading axes in the output: shape x.shape[:-2] + (out_h, out_w).",
        ),
        (
            "Pooling treats every map on its own, so only the last two axes are padded and "
            "shrunk; x[..., window] takes the window in every map at once:\n"
            "\n"
            "    def pool_loops(x, kernel_size, stride, padding):\n"
            "        k, s = kernel_size, stride\n"
            "        widths = [(0, 0)] * (x.ndim - 2) + [(padding, padding)] * 2\n"
            "        padded = np.pad(x.astype(float), widths, constant_values=-np.inf)\n"
            "        h, w = padded.shape[-2:]\n"
            "        out = np.empty(x.shape[:-2] + ((h - k) // s + 1, (w - k) // s + 1))\n"
            "        for i in range(out.shape[-2]):\n"
            "            for j in range(out.shape[-1]):\n"
            "                window = padded[..., i * s:i * s + k, j * s:j * s + k]\n"
            "                out[..., i, j] = window.max(axis=(-2, -1))\n"
            "        return out"
        ),
    ),
    "9.5": (
        "vectorised, no loop over output cells",
        (
            "sliding_window_view(padded, (k, k), axis=(-2, -1))[..., ::stride, ::stride, :, :] "
            "holds exactly the windows of the output cells.",
            "Pad as in step 9.4, take the windows with sliding_window_view over the last two "
            "axes, keep every stride-th start, then take the maximum over the last two axes.",
        ),
        (
            "Let NumPy do the loop: a view of every window, every stride-th of them, and one max:\n"
            "\n"
            "    def pool_vectorised(x, kernel_size, stride, padding):\n"
            "        widths = [(0, 0)] * (x.ndim - 2) + [(padding, padding)] * 2\n"
            "        padded = np.pad(x.astype(float), widths, constant_values=-np.inf)\n"
            "        k = kernel_size\n"
            "        windows = sliding_window_view(padded, (k, k), axis=(-2, -1))\n"
            "        return windows[..., ::stride, ::stride, :, :].max(axis=(-2, -1))"
        ),
    ),
}
