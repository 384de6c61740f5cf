"""A child process that rings sales on a till data dir: `python -m tests.till_worker DIR N`.

N = 0 rings until killed. Used by the crash and two-writer tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pos_app import bootstrap
from tests.till_fixtures import CASHIER, PRODUCTS


def main() -> None:
    data_dir, count = Path(sys.argv[1]), int(sys.argv[2])
    app = bootstrap.open_till(data_dir, "en")
    till = app.till
    staff = till.login(*CASHIER)
    n = 0
    while count == 0 or n < count:
        sale = till.new_sale()
        for code, _name, _price in PRODUCTS[: 1 + n % len(PRODUCTS)]:
            till.scan(sale, code)
        till.complete_cash_sale(staff, sale, sale.total_fen + 100)
        n += 1
        print(n, flush=True)
    app.close()


if __name__ == "__main__":
    main()
