"""Hints and worked solutions of the lessons' try-its (00-08 and 15-20)."""

from __future__ import annotations

__all__ = ["WORKED_LESSONS"]

#: Part id -> (title, hints, worked solution).
WORKED_LESSONS = {
    "00": (
        "3x3 / stride 1 max pooling of the anchor map",
        (
            "Along one axis of 4 cells a 3-wide window with stride 1 starts at cells 0 and 1. "
            "How many outputs does that give per axis, and what shape is the pooled map?",
            "The top-left output is the largest value of rows 0-2 and columns 0-2; move the "
            "window one column right for the next output, and one row down for the row below.",
        ),
        (
            "With stride 1 a 3x3 window starts at rows 0 and 1 and columns 0 and 1: (4 - 3) // 1 "
            "+ 1 = 2 positions per axis, a 2x2 output. Each window keeps its largest value:\n"
            "\n"
            "    my_answer = [[20, 20], [15, 18]]   # pool2d(ANCHOR, 3, stride=1)"
        ),
    ),
    "01": (
        "head parameters without and with two pools",
        (
            "Inputs = channels x height x width; a fully connected layer has inputs x classes "
            "weights and one bias per class. After two 2x2 pools, what side is left of 32?",
            "Without pooling the head gets 64 x 32 x 32 inputs; each 2x2 pool halves the side. "
            "For each head: inputs x 10 weights, plus 10 biases.",
        ),
        (
            "Without pooling the head gets 64 x 32 x 32 = 65,536 inputs: 65,536 x 10 + 10 = "
            "655,370 parameters. Two 2x2 pools leave 8x8: 64 x 8 x 8 = 4,096 inputs, 4,096 x 10 +"
            " 10 = 40,970.\n"
            "\n"
            "    params_no_pool = 32 * 32 * 64 * 10 + 10\n"
            "    params_two_pools = 8 * 8 * 64 * 10 + 10"
        ),
    ),
    "02": (
        "2x2 max pooling of m by hand",
        (
            "Cut m into its four 2x2 quadrants and keep the largest value of each, in the "
            "quadrant's place.",
            "The top-left quadrant is rows 0-1 and columns 0-1 of m; its largest value goes to "
            "the top-left of the 2x2 result. The same for the other three quadrants.",
        ),
        (
            "The quadrants of m are [[1, 5], [3, 4]], [[2, 0], [7, 1]], [[0, 2], [9, 1]] and [[6,"
            " 8], [3, 4]]; their maxima, in place:\n"
            "\n"
            "    my_max_pool = [[5, 7], [9, 8]]"
        ),
    ),
    "03": (
        "2x2 average pooling of m by hand",
        (
            "Add the four values of each quadrant and divide by 4; fractions such as 13 / 4 are "
            "fine.",
            "The top-left quadrant is rows 0-1 and columns 0-1 of m: add its four values and "
            "divide by 4 for the top-left of the result; the same for the other three quadrants.",
        ),
        (
            "The quadrant sums are 13, 10, 12 and 21; each over 4:\n"
            "\n"
            "    my_avg_pool = [[13 / 4, 10 / 4], [12 / 4, 21 / 4]]   # [[3.25, 2.5], [3.0, 5.25]]"
        ),
    ),
    "04": (
        "min pooling from max pooling",
        (
            "Which value of -x is the largest when x is the smallest?",
            "Negate x, max-pool the negated map with a k x k window and stride k, then negate the"
            " result back. Return a new array and leave x as it was.",
        ),
        (
            "The smallest value of a window is the one whose negative is the largest: negate, "
            "max-pool, negate back.\n"
            "\n"
            "    def min_pool(x, k):\n"
            '        return -pool2d(-np.asarray(x), k, mode="max")'
        ),
    ),
    "05": (
        "smallest shift that changes the output",
        (
            "Which 2x2 window holds column 1, and in which column does that window end?",
            "Columns 0-1 form the first window. A value in column 1 moved s pixels right lands in"
            " column 1 + s: which smallest s puts it in the next window?",
        ),
        (
            "Column 1 is the last column of the window covering columns 0-1, so a shift of one "
            "pixel to the right carries the 5 into the next window and changes the output.\n"
            "\n"
            "    smallest_shift = 1"
        ),
    ),
    "06": (
        "global average pooling of f by hand",
        (
            "For each channel add its 6 values and divide by 6.",
            "Each channel is a 2x3 map: add its six values, divide by 6, and list the three "
            "averages in channel order.",
        ),
        (
            "The channels of f sum to 21, 6 and 18 over 6 cells each:\n"
            "\n"
            "    my_gap = [21 / 6, 6 / 6, 18 / 6]   # [3.5, 1.0, 3.0]"
        ),
    ),
    "07": (
        "which pool keeps each signal",
        (
            "A spike is the largest value of its window, a dark pixel the smallest: which mode "
            "keeps each at full strength?",
            "Max pooling keeps each window's largest value, min pooling its smallest: the bright "
            "spike survives one of them, the dark pixel the other. Give the pair in the order the"
            " question asks.",
        ),
        (
            "Max pooling keeps a window's largest value, so a lone spike survives at full "
            "strength (averaging would dilute it 9-fold). Min pooling keeps the smallest, so one "
            "dark pixel in a bright window survives.\n"
            "\n"
            '    keeps_spike = "max"\n'
            '    keeps_dark = "min"'
        ),
    ),
    "08": (
        "pixels one final cell summarises",
        (
            "Each 2x2 / stride 2 pool doubles the side of the block one final cell covers.",
            "Count the pools in the question, double the block's side once per pool starting "
            "from 1 pixel, then take the block's area: side x side.",
        ),
        (
            "Five 2x2 / stride 2 pools multiply the block's side by 2 five times: 32. One final "
            "cell summarises a 32x32 block, 1024 pixels, whatever the image's size (512 / 16 = "
            "32: the final map is 16x16).\n"
            "\n"
            "    pixels_per_cell = (2 ** 5) ** 2   # 1024"
        ),
    ),
    "15": (
        "gradient of 2x2 average pooling, upstream [[1, 2], [3, 4]]",
        (
            "Each output is the mean of its 4 cells, so d out / d cell = 1/4 for the cells of its"
            " window. Which window does each cell sit in?",
            "Each cell belongs to exactly one 2x2 window (they do not overlap) and gets a quarter"
            " of that window's upstream value. The gradient has the input's shape, 4x4.",
        ),
        (
            "Average pooling without overlap sends each window's upstream gradient back in equal "
            "shares of 1/4 to its 4 cells:\n"
            "\n"
            "    grad = np.kron(GRAD_OUT, np.ones((2, 2))) / 4\n"
            "\n"
            "[[0.25, 0.25, 0.5, 0.5], [0.25, 0.25, 0.5, 0.5], [0.75, 0.75, 1, 1], [0.75, 0.75, 1,"
            " 1]]. A numerical gradient agrees to well under 1e-6."
        ),
    ),
    "16": (
        "output length for n=14, kernel 5, stride 2, padding 2, ceil mode",
        (
            "out = ceil((n + 2p - k) / s) + 1 in ceil mode; then drop a last window that would "
            "start in the right padding.",
            "Here n + 2p - k = 14 + 4 - 5. Divide by the stride and round up, add 1, then check "
            "that the last window starts inside the input or the left padding.",
        ),
        (
            "(14 + 2*2 - 5) / 2 = 6.5; ceil gives 7, plus 1: 8 windows. The last starts at 7 x 2 "
            "= 14, inside the padded input before the right padding (14 < 14 + 2), so it is kept:\n"
            "\n"
            "    answer = 8   # output_size(14, 5, stride=2, padding=2, ceil_mode=True)"
        ),
    ),
    "17": (
        "adaptive windows for 7 cells pooled to 3",
        (
            "start = floor(i * n / out), end = ceil((i + 1) * n / out), for i = 0, 1, 2; the ends"
            " are exclusive, as in slices.",
            "For i = 0 the window starts at floor(0 * 7 / 3) and ends at ceil(1 * 7 / 3). Repeat "
            "for i = 1 and 2, and give the starts as one list and the ends as another.",
        ),
        (
            "For n = 7, out = 3: starts floor(0), floor(7/3), floor(14/3) = 0, 2, 4; ends "
            "ceil(7/3), ceil(14/3), ceil(7) = 3, 5, 7. Windows of 3 cells that overlap by one:\n"
            "\n"
            "    answer = ([0, 2, 4], [3, 5, 7])"
        ),
    ),
    "18": (
        "BlurPool's 3x3 binomial filter",
        (
            "Start from the row [1, 2, 1] of Pascal's triangle; the 2-D filter is its outer "
            "product with itself, divided so that it sums to 1.",
            "The outer product of [1, 2, 1] with itself is a 3x3 grid whose entries add up to (1 "
            "+ 2 + 1) squared; divide every entry by that sum.",
        ),
        (
            "The outer product of [1, 2, 1] with itself sums to 16; dividing by 16 keeps a flat "
            "image's brightness:\n"
            "\n"
            "    row = np.array([1, 2, 1])\n"
            "    answer = np.outer(row, row) / 16"
        ),
    ),
    "19": (
        "parameters of a 3x3 stride-2 convolution, 64 -> 128 channels",
        (
            "Each output channel has a 3x3 filter for every input channel, plus one bias. Does "
            "the stride change the filters?",
            "Weights: a 3 x 3 x 64 filter per output channel, for 128 output channels; then one "
            "bias per output channel. The stride only moves the filter; it adds no weights.",
        ),
        (
            "64 x 128 x 3 x 3 = 73,728 weights plus 128 biases: 73,856 parameters. The stride "
            "changes where the filters are applied (and the compute), not how many taps they "
            "have.\n"
            "\n"
            "    answer = 64 * 128 * 3 * 3 + 128"
        ),
    ),
    "20": (
        "inputs of the flatten and GAP heads for 16x16 images",
        (
            "The map is pooled 2x2 once before the head; GAP leaves one number per channel of the"
            " last layer.",
            "Follow the side: 16, halved by the one 2x2 pool. The flatten head's inputs are "
            "channels x side x side, the GAP head's the channels alone. How many channels does "
            "the last convolution have?",
        ),
        (
            "The last convolution has 16 channels on a 16x16 map; one 2x2 pool leaves 8x8. "
            "Flattening feeds all 16 x 8 x 8 = 1024 numbers to the head; GAP feeds one per "
            "channel, 16.\n"
            "\n"
            "    answer = (16 * 8 * 8, 16)"
        ),
    ),
}
