from casereview.reports.docs.build import main

main()
