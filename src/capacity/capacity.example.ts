/**
 * OpenAPI examples of the capacity route: a real answer on the demo data (clinic-c, with the what-if
 * removeResourceId=c-chair-9), trimmed: heatmap cells, days, weeks, risk days and suggestions shortened.
 */
export const CAPACITY_EXAMPLE: Record<string, unknown> = {
  "clinicId": "clinic-c",
  "clinicName": "Zahnzentrum Prenzlauer Berg",
  "timeZone": "Europe/Berlin",
  "asOf": "2026-11-24",
  "today": "2026-11-24",
  "bookingsKnownAt": "2026-11-24T21:36:23.310Z",
  "kind": "ALL",
  "band": {
    "lowThreshold": 0.65,
    "targetLow": 0.7,
    "targetHigh": 0.85,
    "riskThreshold": 0.9
  },
  "history": {
    "from": "2026-08-04",
    "to": "2026-11-23",
    "openDays": 80,
    "firstDay": "2026-08-04"
  },
  "heatmap": {
    "basis": "utilization = used ÷ available chair minutes per weekday and local hour over the history window (the hourly buckets of the daily engine); bookedUtilization = booked ÷ available",
    "from": "2026-08-04",
    "to": "2026-11-23",
    "thresholds": {
      "peak": 0.9,
      "low": 0.65
    },
    "peakCells": 0,
    "lowCells": 43,
    "peaks": [],
    "lows": [
      {
        "label": "Wednesday 13:00–14:00",
        "utilization": 0.281,
        "availableChairHoursPerWeek": 9
      },
      {
        "label": "Wednesday 17:00–18:00",
        "utilization": 0.3049,
        "availableChairHoursPerWeek": 9
      },
      {
        "label": "Wednesday 14:00–15:00",
        "utilization": 0.3105,
        "availableChairHoursPerWeek": 9
      }
    ],
    "weekdays": [
      {
        "weekday": 1,
        "name": "Monday",
        "days": 16,
        "availableChairHours": 1504,
        "usedChairHours": 853.95,
        "bookedChairHours": 939.25,
        "utilization": 0.5678,
        "bookedUtilization": 0.6245,
        "status": "low"
      },
      {
        "weekday": 2,
        "name": "Tuesday",
        "days": 16,
        "availableChairHours": 1440,
        "usedChairHours": 795.23,
        "bookedChairHours": 880,
        "utilization": 0.5522,
        "bookedUtilization": 0.6111,
        "status": "low"
      }
    ],
    "cells": [
      {
        "weekday": 1,
        "hour": 8,
        "label": "Monday 08:00–09:00",
        "days": 16,
        "availableChairHours": 160,
        "usedChairHours": 101.71,
        "bookedChairHours": 118.67,
        "availableChairHoursPerWeek": 10,
        "utilization": 0.6357,
        "bookedUtilization": 0.7417,
        "status": "low"
      },
      {
        "weekday": 1,
        "hour": 9,
        "label": "Monday 09:00–10:00",
        "days": 16,
        "availableChairHours": 160,
        "usedChairHours": 104.67,
        "bookedChairHours": 116.08,
        "availableChairHoursPerWeek": 10,
        "utilization": 0.6542,
        "bookedUtilization": 0.7255,
        "status": "normal"
      }
    ]
  },
  "model": {
    "target": "booked (scheduled) utilization per day = booked ÷ available chair minutes (SPEC §2 scheduledUtilizationRate): demand, before no-shows",
    "method": "weekday",
    "description": "Ordinary least squares on the open days of the history window: one level per weekday; prediction intervals σ²(1 + x'(X'X)⁻¹x) with Student-t quantiles, widened where the backtest found larger errors; weeks and windows add the day variances with the within-week correlation of the residuals.",
    "openDays": 80,
    "weekdayLevels": {
      "1": 0.6245,
      "2": 0.6111,
      "3": 0.4686,
      "4": 0.6253,
      "5": 0.6188
    },
    "trendPerWeek": null,
    "residualSd": 0.0537,
    "withinWeekCorrelation": 0.0491,
    "degreesOfFreedom": 75,
    "realization": 0.9053,
    "realizationNote": "share of booked chair time that was really used (no-shows, late starts, early finishes); expected actual utilization ≈ projected × realization",
    "notes": [
      "No significant trend (t = 0.8, needs |t| ≥ 2): flat weekday levels.",
      "The backtest found errors larger than the model expected at some leads: those intervals are widened (backtest.byLead.intervalWidening80/95).",
      "Coming days: demand = the larger of what is already booked and the model's forecast (the booking curve is not observable: see bookingCurve)."
    ]
  },
  "backtest": {
    "scope": "history model alone (past bookings cannot be replayed at their lead: see bookingCurve)",
    "horizonDays": 90,
    "origins": 12,
    "points": 378,
    "mae": 0.0457,
    "bias": 0.0088,
    "maeSeasonalNaive": 0.0618,
    "mase": 0.858,
    "relativeMae": 0.7394,
    "coverage80": 0.7275,
    "coverage95": 0.873,
    "calibratedCoverage80": 0.8016,
    "calibratedCoverage95": 0.9444,
    "byLead": [
      {
        "leads": "1-7",
        "points": 59,
        "mae": 0.0433,
        "maeSeasonalNaive": 0.0578,
        "coverage80": 0.8136,
        "coverage95": 0.9492,
        "intervalWidening80": 1,
        "intervalWidening95": 1
      },
      {
        "leads": "8-14",
        "points": 54,
        "mae": 0.0472,
        "maeSeasonalNaive": 0.0694,
        "coverage80": 0.7407,
        "coverage95": 0.9074,
        "intervalWidening80": 1.1033,
        "intervalWidening95": 1.3222
      },
      {
        "leads": "15-30",
        "points": 109,
        "mae": 0.0497,
        "maeSeasonalNaive": 0.0656,
        "coverage80": 0.6881,
        "coverage95": 0.8807,
        "intervalWidening80": 1.2975,
        "intervalWidening95": 1.4159
      },
      {
        "leads": "31-60",
        "points": 122,
        "mae": 0.0466,
        "maeSeasonalNaive": 0.0621,
        "coverage80": 0.6885,
        "coverage95": 0.8115,
        "intervalWidening80": 1.5519,
        "intervalWidening95": 1.4501
      },
      {
        "leads": "61-90",
        "points": 34,
        "mae": 0.0316,
        "maeSeasonalNaive": 0.0433,
        "coverage80": 0.8235,
        "coverage95": 0.8824,
        "intervalWidening80": 1,
        "intervalWidening95": 1.2153
      }
    ],
    "note": "Rolling origins every 7 days (12), each fitted on the days before it and scored on the open days up to 90 days after it (before asOf). Errors are in utilization points (0.05 = 5 points). MASE < 1 and relativeMae < 1 beat the seasonal-naive forecast (same weekday, last week); coverage80/95: shares of actual days inside the model's own 80%/95% intervals. Where they fell short, the live intervals are widened by intervalWidening (per lead range, never narrowed); calibratedCoverage80/95 is the coverage after widening, on the same (in-sample) points."
  },
  "bookingCurve": {
    "observable": false,
    "watchingSince": "2026-11-24",
    "usableDays": 0,
    "maxLead": 0,
    "note": "Not observable: the earliest known booking of this clinic is from 2026-11-24, so fewer than 14 past days are known being booked ahead (past sessions loaded in bulk without bookedAt carry the load time; send bookedAt). Coming days are compared with the forecast instead, and the curve appears once enough days have been watched.",
    "points": []
  },
  "projection": {
    "horizonDays": 90,
    "from": "2026-11-25",
    "to": "2027-02-22",
    "summary": {
      "from": "2026-11-25",
      "to": "2027-02-22",
      "days": 90,
      "openDays": 64,
      "availableChairHours": 5331,
      "bookedChairHours": 400.75,
      "projectedChairHours": 3121.53,
      "bookedUtilization": 0.0752,
      "projectedUtilization": 0.5855,
      "interval80": {
        "low": 0.57,
        "high": 0.6011
      },
      "interval95": {
        "low": 0.5601,
        "high": 0.6109
      },
      "status": "low",
      "riskDays": 0,
      "lowDays": 64,
      "chairHoursToAdd": 0,
      "chairHoursToRelease": 871.67
    },
    "windows": [
      {
        "horizonDays": 30,
        "from": "2026-11-25",
        "to": "2026-12-24",
        "days": 30,
        "openDays": 22,
        "availableChairHours": 1852,
        "bookedChairHours": 400.75,
        "projectedChairHours": 1077.72,
        "bookedUtilization": 0.2164,
        "projectedUtilization": 0.5819,
        "interval80": {
          "low": 0.5603,
          "high": 0.6035
        },
        "interval95": {
          "low": 0.5455,
          "high": 0.6184
        },
        "status": "low",
        "riskDays": 0,
        "lowDays": 22,
        "chairHoursToAdd": 0,
        "chairHoursToRelease": 312.41
      },
      {
        "horizonDays": 60,
        "from": "2026-11-25",
        "to": "2027-01-23",
        "days": 60,
        "openDays": 43,
        "availableChairHours": 3569,
        "bookedChairHours": 400.75,
        "projectedChairHours": 2085.43,
        "bookedUtilization": 0.1123,
        "projectedUtilization": 0.5843,
        "interval80": {
          "low": 0.565,
          "high": 0.6036
        },
        "interval95": {
          "low": 0.5543,
          "high": 0.6143
        },
        "status": "low",
        "riskDays": 0,
        "lowDays": 43,
        "chairHoursToAdd": 0,
        "chairHoursToRelease": 589.81
      },
      {
        "horizonDays": 90,
        "from": "2026-11-25",
        "to": "2027-02-22",
        "days": 90,
        "openDays": 64,
        "availableChairHours": 5331,
        "bookedChairHours": 400.75,
        "projectedChairHours": 3121.53,
        "bookedUtilization": 0.0752,
        "projectedUtilization": 0.5855,
        "interval80": {
          "low": 0.57,
          "high": 0.6011
        },
        "interval95": {
          "low": 0.5601,
          "high": 0.6109
        },
        "status": "low",
        "riskDays": 0,
        "lowDays": 64,
        "chairHoursToAdd": 0,
        "chairHoursToRelease": 871.67
      }
    ],
    "weeks": [
      {
        "weekStart": "2026-11-23",
        "partial": true,
        "from": "2026-11-25",
        "to": "2026-11-29",
        "days": 5,
        "openDays": 3,
        "availableChairHours": 233,
        "bookedChairHours": 117.67,
        "projectedChairHours": 130.65,
        "bookedUtilization": 0.505,
        "projectedUtilization": 0.5607,
        "interval80": {
          "low": 0.5162,
          "high": 0.6052
        },
        "interval95": {
          "low": 0.505,
          "high": 0.6293
        },
        "status": "low",
        "riskDays": 0,
        "lowDays": 3,
        "chairHoursToAdd": 0,
        "chairHoursToRelease": 46.36
      },
      {
        "weekStart": "2026-11-30",
        "partial": false,
        "from": "2026-11-30",
        "to": "2026-12-06",
        "days": 7,
        "openDays": 5,
        "availableChairHours": 417,
        "bookedChairHours": 136.67,
        "projectedChairHours": 244.35,
        "bookedUtilization": 0.3277,
        "projectedUtilization": 0.586,
        "interval80": {
          "low": 0.5485,
          "high": 0.6235
        },
        "interval95": {
          "low": 0.5215,
          "high": 0.6504
        },
        "status": "low",
        "riskDays": 0,
        "lowDays": 5,
        "chairHoursToAdd": 0,
        "chairHoursToRelease": 67.93
      }
    ],
    "days": [
      {
        "date": "2026-11-25",
        "weekday": 3,
        "lead": 1,
        "closed": false,
        "availableChairHours": 94,
        "bookedChairHours": 40,
        "bookedUtilization": 0.4255,
        "projectedChairHours": 44.05,
        "projectedUtilization": 0.4686,
        "interval80": {
          "low": 0.4255,
          "high": 0.5406
        },
        "interval95": {
          "low": 0.4255,
          "high": 0.5795
        },
        "method": "model-floored-by-bookings",
        "status": "low",
        "overbookingRisk": null,
        "overbookingProbability": 0,
        "chairHoursToAdd": 0,
        "chairHoursToRelease": 31.08,
        "bookedToDate": {
          "utilization": 0.4255,
          "typical": null,
          "typicalRange": null,
          "basis": "booking curve not observable",
          "status": null
        }
      },
      {
        "date": "2026-11-26",
        "weekday": 4,
        "lead": 2,
        "closed": false,
        "availableChairHours": 90,
        "bookedChairHours": 52.92,
        "bookedUtilization": 0.588,
        "projectedChairHours": 56.28,
        "projectedUtilization": 0.6253,
        "interval80": {
          "low": 0.588,
          "high": 0.6973
        },
        "interval95": {
          "low": 0.588,
          "high": 0.7362
        },
        "method": "model-floored-by-bookings",
        "status": "low",
        "overbookingRisk": null,
        "overbookingProbability": 0,
        "chairHoursToAdd": 0,
        "chairHoursToRelease": 9.61,
        "bookedToDate": {
          "utilization": 0.588,
          "typical": null,
          "typicalRange": null,
          "basis": "booking curve not observable",
          "status": null
        }
      },
      {
        "date": "2026-11-27",
        "weekday": 5,
        "lead": 3,
        "closed": false,
        "availableChairHours": 49,
        "bookedChairHours": 24.75,
        "bookedUtilization": 0.5051,
        "projectedChairHours": 30.32,
        "projectedUtilization": 0.6188,
        "interval80": {
          "low": 0.5468,
          "high": 0.6908
        },
        "interval95": {
          "low": 0.5079,
          "high": 0.7298
        },
        "method": "model-floored-by-bookings",
        "status": "low",
        "overbookingRisk": null,
        "overbookingProbability": 0,
        "chairHoursToAdd": 0,
        "chairHoursToRelease": 5.68,
        "bookedToDate": {
          "utilization": 0.5051,
          "typical": null,
          "typicalRange": null,
          "basis": "booking curve not observable",
          "status": null
        }
      }
    ],
    "riskDays": []
  },
  "byKind": [
    {
      "kind": "CHAIR",
      "method": "weekday",
      "summary": {
        "from": "2026-11-25",
        "to": "2027-02-22",
        "days": 90,
        "openDays": 64,
        "availableChairHours": 5175,
        "bookedChairHours": 391.58,
        "projectedChairHours": 3035.81,
        "bookedUtilization": 0.0757,
        "projectedUtilization": 0.5866,
        "interval80": {
          "low": 0.5708,
          "high": 0.6024
        },
        "interval95": {
          "low": 0.5601,
          "high": 0.6131
        },
        "status": "low",
        "riskDays": 0,
        "lowDays": 64,
        "chairHoursToAdd": 0,
        "chairHoursToRelease": 838.13
      },
      "windows": [
        {
          "horizonDays": 30,
          "from": "2026-11-25",
          "to": "2026-12-24",
          "days": 30,
          "openDays": 22,
          "availableChairHours": 1800,
          "bookedChairHours": 391.58,
          "projectedChairHours": 1049.19,
          "bookedUtilization": 0.2175,
          "projectedUtilization": 0.5829,
          "interval80": {
            "low": 0.5609,
            "high": 0.6049
          },
          "interval95": {
            "low": 0.5456,
            "high": 0.6201
          },
          "status": "low",
          "riskDays": 0,
          "lowDays": 22,
          "chairHoursToAdd": 0,
          "chairHoursToRelease": 301.16
        }
      ]
    },
    {
      "kind": "ROOM",
      "method": "weekday",
      "summary": {
        "from": "2026-11-25",
        "to": "2027-02-22",
        "days": 90,
        "openDays": 39,
        "availableChairHours": 156,
        "bookedChairHours": 9.17,
        "projectedChairHours": 86.15,
        "bookedUtilization": 0.0588,
        "projectedUtilization": 0.5523,
        "interval80": {
          "low": 0.5187,
          "high": 0.5858
        },
        "interval95": {
          "low": 0.5029,
          "high": 0.6016
        },
        "status": "low",
        "riskDays": 0,
        "lowDays": 39,
        "chairHoursToAdd": 0,
        "chairHoursToRelease": 32.93
      },
      "windows": [
        {
          "horizonDays": 30,
          "from": "2026-11-25",
          "to": "2026-12-24",
          "days": 30,
          "openDays": 13,
          "availableChairHours": 52,
          "bookedChairHours": 9.17,
          "projectedChairHours": 28.96,
          "bookedUtilization": 0.1763,
          "projectedUtilization": 0.5569,
          "interval80": {
            "low": 0.5092,
            "high": 0.6046
          },
          "interval95": {
            "low": 0.4852,
            "high": 0.6286
          },
          "status": "low",
          "riskDays": 0,
          "lowDays": 13,
          "chairHoursToAdd": 0,
          "chairHoursToRelease": 10.63
        }
      ]
    }
  ],
  "whatIf": {
    "changes": [
      "remove c-chair-9"
    ],
    "assumptions": [
      "Demand is held at the baseline forecast: a change of hours or chairs changes the available time, not the number of patients.",
      "Utilization above 100% means demand the remaining chair time cannot hold."
    ],
    "projection": {
      "summary": {
        "from": "2026-11-25",
        "to": "2027-02-22",
        "days": 90,
        "openDays": 64,
        "availableChairHours": 4756,
        "bookedChairHours": 400.75,
        "projectedChairHours": 3121.53,
        "bookedUtilization": 0.0843,
        "projectedUtilization": 0.6563,
        "interval80": {
          "low": 0.639,
          "high": 0.6737
        },
        "interval95": {
          "low": 0.6279,
          "high": 0.6848
        },
        "status": "below-target",
        "riskDays": 0,
        "lowDays": 13,
        "chairHoursToAdd": 0,
        "chairHoursToRelease": 296.67
      },
      "windows": [
        {
          "horizonDays": 30,
          "from": "2026-11-25",
          "to": "2026-12-24",
          "days": 30,
          "openDays": 22,
          "availableChairHours": 1652,
          "bookedChairHours": 400.75,
          "projectedChairHours": 1077.72,
          "bookedUtilization": 0.2426,
          "projectedUtilization": 0.6524,
          "interval80": {
            "low": 0.6282,
            "high": 0.6766
          },
          "interval95": {
            "low": 0.6115,
            "high": 0.6932
          },
          "status": "below-target",
          "riskDays": 0,
          "lowDays": 5,
          "chairHoursToAdd": 0,
          "chairHoursToRelease": 112.41
        }
      ],
      "weeks": [
        {
          "weekStart": "2026-11-23",
          "partial": true,
          "from": "2026-11-25",
          "to": "2026-11-29",
          "days": 5,
          "openDays": 3,
          "availableChairHours": 208,
          "bookedChairHours": 117.67,
          "projectedChairHours": 130.65,
          "bookedUtilization": 0.5657,
          "projectedUtilization": 0.6281,
          "interval80": {
            "low": 0.5783,
            "high": 0.6779
          },
          "interval95": {
            "low": 0.5657,
            "high": 0.7049
          },
          "status": "low",
          "riskDays": 0,
          "lowDays": 1,
          "chairHoursToAdd": 0,
          "chairHoursToRelease": 21.36
        }
      ],
      "days": [
        {
          "date": "2026-11-25",
          "weekday": 3,
          "lead": 1,
          "closed": false,
          "availableChairHours": 84,
          "bookedChairHours": 40,
          "bookedUtilization": 0.4762,
          "projectedChairHours": 44.05,
          "projectedUtilization": 0.5244,
          "interval80": {
            "low": 0.4762,
            "high": 0.6049
          },
          "interval95": {
            "low": 0.4762,
            "high": 0.6485
          },
          "method": "model-floored-by-bookings",
          "status": "low",
          "overbookingRisk": null,
          "overbookingProbability": 0,
          "chairHoursToAdd": 0,
          "chairHoursToRelease": 21.08
        }
      ],
      "riskDays": []
    },
    "comparison": {
      "availableChairHours": {
        "baseline": 5331,
        "whatIf": 4756,
        "change": -575
      },
      "projectedUtilization": {
        "baseline": 0.5855,
        "whatIf": 0.6563,
        "change": 0.0708
      },
      "riskDays": {
        "baseline": 0,
        "whatIf": 0
      },
      "lowDays": {
        "baseline": 64,
        "whatIf": 13
      },
      "status": {
        "baseline": "low",
        "whatIf": "below-target"
      },
      "summary": "Projected booked utilization 58.6% → 65.6%; days at overbooking risk 0 → 0; low days 64 → 13."
    }
  },
  "suggestions": [
    {
      "type": "consolidate-chair",
      "priority": "high",
      "title": "Consolidate Behandlungsstuhl 9 (c-chair-9) into the other chairs",
      "detail": "Behandlungsstuhl 9 was used 28% of its open time (booked 31%) over the last 16 weeks. Its 14 booked chair-hours a week fit in the other 8 chairs, booking them to 66% (now 59%) with no weekday above 90%. Frees about 45 chair-hours a week (staff, or a chair for another use).",
      "resourceIds": [
        "c-chair-9"
      ],
      "chairHoursPerWeek": 45,
      "whatIf": "removeResourceId=c-chair-9"
    },
    {
      "type": "release-capacity",
      "priority": "medium",
      "title": "About 872 chair-hours could be released in the next 90 days",
      "detail": "The next 90 days are projected at 59% booked (80% interval 57%–60%), below the 65% low line. Releasing about 872 chair-hours (68 a week) keeps it at 70%; the shorten-hours and consolidate suggestions say where.",
      "chairHours": 871.67
    },
    {
      "type": "consolidate-chair",
      "priority": "medium",
      "title": "Consolidate Behandlungsstuhl 1 (c-chair-1) into the other chairs",
      "detail": "Behandlungsstuhl 1 was used 54% of its open time (booked 60%) over the last 16 weeks. Its 27 booked chair-hours a week fit in the other 7 chairs, booking them to 75% (now 59%) with no weekday above 90%. Frees about 45 chair-hours a week (staff, or a chair for another use).",
      "resourceIds": [
        "c-chair-1"
      ],
      "chairHoursPerWeek": 45,
      "whatIf": "removeResourceId=c-chair-1"
    },
    {
      "type": "shorten-hours",
      "priority": "medium",
      "title": "Mondays: close 120 minutes earlier (16:00–18:00)",
      "detail": "16:00–18:00 ran at 51% (low < 65%) over the last 16 Mondays. Shortening frees about 18 chair-hours a week; its 10 booked chair-hours a week would move into the rest of the day, booking Monday to 77% (62% on today's hours).",
      "weekday": 1,
      "hours": {
        "from": "16:00",
        "to": "18:00"
      },
      "chairHoursPerWeek": 18,
      "whatIf": "extendHours=1:-120"
    }
  ]
};

export const CAPACITY_BAD_REQUEST_EXAMPLE = {
  statusCode: 400,
  error: 'Bad Request',
  message: 'Invalid query: 2 problems; see errors',
  errors: [
    { field: 'horizon', message: 'must be 30, 60 or 90 (days)' },
    { field: 'extendHours.0', message: 'each item must be "weekday:minutes", e.g. "4:60" (Thursdays 60 minutes longer) or "3:-120" (Wednesdays 2 hours shorter): ISO weekday 1 (Monday) … 7 (Sunday), minutes from -720 to 720, not 0' },
  ],
  requestId: 'b4c1d0d2-7f55-4f5e-8d3e-1f1f6b6a2c10',
};
